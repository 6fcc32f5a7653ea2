using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Output;

/// <summary>
/// Writes a GeoJSON FeatureCollection (RFC 7946, no crs member) with one feature per line, so a change to one grid
/// is a one-line diff. Chinese text is written as is (UTF-8), not as \u escapes.
/// </summary>
public static class GeoJsonFile
{
    /// <summary>A property value is a string or a bool.</summary>
    public sealed record Feature(IReadOnlyList<KeyValuePair<string, object>> Properties, Geometry Geometry);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
    };

    private static readonly byte[] FirstSeparator = "\n"u8.ToArray();
    private static readonly byte[] Separator = ",\n"u8.ToArray();

    public static void Write(Stream stream, IEnumerable<Feature> features)
    {
        stream.Write("{\"type\":\"FeatureCollection\",\"features\":["u8);
        var first = true;
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var feature in features)
        {
            stream.Write(first ? FirstSeparator : Separator);
            first = false;
            buffer.Clear();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                WriteFeature(writer, feature);
            }

            stream.Write(buffer.WrittenSpan);
        }

        stream.Write("\n]}\n"u8);
    }

    private static void WriteFeature(Utf8JsonWriter writer, Feature feature)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteStartObject("properties");
        foreach (var (name, value) in feature.Properties)
        {
            switch (value)
            {
                case string text:
                    writer.WriteString(name, text);
                    break;
                case bool flag:
                    writer.WriteBoolean(name, flag);
                    break;
                default:
                    throw new ArgumentException($"Property {name} must be a string or a bool.", nameof(feature));
            }
        }

        writer.WriteEndObject();
        writer.WriteStartObject("geometry");
        WriteGeometry(writer, feature.Geometry);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry)
    {
        switch (geometry)
        {
            case Point point:
                writer.WriteString("type", "Point");
                writer.WritePropertyName("coordinates");
                WritePosition(writer, point.Coordinate);
                break;
            case MultiPolygon multi:
                writer.WriteString("type", "MultiPolygon");
                writer.WriteStartArray("coordinates");
                for (var i = 0; i < multi.NumGeometries; i++)
                {
                    WritePolygon(writer, (Polygon)multi.GetGeometryN(i));
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Cannot write a {geometry.GeometryType}.", nameof(geometry));
        }
    }

    private static void WritePolygon(Utf8JsonWriter writer, Polygon polygon)
    {
        writer.WriteStartArray();
        WriteRing(writer, polygon.ExteriorRing);
        foreach (var hole in polygon.InteriorRings)
        {
            WriteRing(writer, hole);
        }

        writer.WriteEndArray();
    }

    private static void WriteRing(Utf8JsonWriter writer, LineString ring)
    {
        writer.WriteStartArray();
        foreach (var c in ring.Coordinates)
        {
            WritePosition(writer, c);
        }

        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, Coordinate c)
    {
        writer.WriteStartArray();
        writer.WriteRawValue(CoordinateText.Format(c.X), skipInputValidation: true);
        writer.WriteRawValue(CoordinateText.Format(c.Y), skipInputValidation: true);
        writer.WriteEndArray();
    }
}

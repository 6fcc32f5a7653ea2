using System.Diagnostics;
using GridGovernance.Web.Features.Photos;
using Xunit.Abstractions;

namespace GridGovernance.Integration.Tests.Photos;

public sealed class PhotoPipelineTests(PhotoFixture fixture, ITestOutputHelper output) : IClassFixture<PhotoFixture>
{
    private static string Sample(string name) => Path.Combine(PhotoFixture.Samples, name);

    private async Task<ProcessedPhoto> ProcessFileAsync(string path)
    {
        await using var upload = File.OpenRead(path);
        return await fixture.Processor.ProcessAsync(upload, CancellationToken.None);
    }

    private string StoredPath(string sha) => Path.Combine(fixture.Factory.PhotoDirectory, sha[..2], $"{sha}.jpg");

    [Theory]
    [InlineData("photo-gps.jpg")]
    [InlineData("photo.png")]
    [InlineData("photo.webp")]
    [InlineData("photo.heic")]
    public async Task Each_accepted_format_is_stored_as_a_JPEG_with_no_metadata_segment(string sample)
    {
        var photo = await ProcessFileAsync(Sample(sample));

        photo.MediaType.ShouldBe("image/jpeg");
        photo.Sha256.ShouldMatch("^[0-9a-f]{64}$");
        var bytes = await File.ReadAllBytesAsync(StoredPath(photo.Sha256));
        bytes.LongLength.ShouldBe(photo.Bytes);
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)).ShouldBe(photo.Sha256);
        var info = JpegFacts.Read(bytes).ShouldNotBeNull();
        // APP1 = EXIF/XMP, APP2 = ICC, APP13 = IPTC/Photoshop: none may survive.
        info.Markers.ShouldNotContain((byte)0xE1);
        info.Markers.ShouldNotContain((byte)0xE2);
        info.Markers.ShouldNotContain((byte)0xED);
        (info.Width, info.Height).ShouldBe((photo.Width, photo.Height));
        (await Vips.AllHeadersAsync(StoredPath(photo.Sha256))).ShouldNotContain("exif-", Case.Insensitive);
    }

    [Fact]
    public async Task A_photo_is_turned_upright_by_its_EXIF_orientation_and_its_GPS_position_is_gone()
    {
        (await Vips.AllHeadersAsync(Sample("photo-gps.jpg"))).ShouldContain("GPSLatitude"); // the fixture really carries GPS

        var photo = await ProcessFileAsync(Sample("photo-gps.jpg"));

        // 96×64 with Orientation 6 (rotate 90° clockwise): upright it is 64 wide, 96 high, and the red top bar is now on the right.
        (photo.Width, photo.Height).ShouldBe((64, 96));
        var headers = await Vips.AllHeadersAsync(StoredPath(photo.Sha256));
        headers.ShouldNotContain("GPS", Case.Insensitive);
        headers.ShouldNotContain("orientation: 6");
        var right = await Vips.PixelAsync(StoredPath(photo.Sha256), 60, 48);
        var left = await Vips.PixelAsync(StoredPath(photo.Sha256), 3, 48);
        right[0].ShouldBeGreaterThan(180);
        right[1].ShouldBeLessThan(80);
        left[0].ShouldBeLessThan(180);
    }

    [Fact]
    public async Task A_12_megapixel_JPEG_is_shrunk_to_2048_px_and_its_thumbnail_to_320_px()
    {
        // Intermediate .v files are 150 MB of raw pixels: in memory (tmpfs) when there is one, or this takes seconds of disk.
        var scratch = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var big = Path.Combine(scratch, $"gridgov-12mp-{Guid.NewGuid():N}.jpg");
        string[] steps = [$"{big}.noise.v", $"{big}.grey.v", $"{big}.rgb.v", $"{big}.srgb.v"];
        try
        {
            // Noise is the worst case for the decoder (like a photo of foliage): about 6.5 MB at Q 85, under the 10 MB limit.
            await Vips.RunAsync("vips", "gaussnoise", steps[0], "4000", "3000", "--mean", "128", "--sigma", "40");
            await Vips.RunAsync("vips", "cast", steps[0], steps[1], "uchar");
            await Vips.RunAsync("vips", "bandjoin", $"{steps[1]} {steps[1]} {steps[1]}", steps[2]);
            await Vips.RunAsync("vips", "copy", steps[2], steps[3], "--interpretation", "srgb");
            await Vips.RunAsync("vips", "jpegsave", steps[3], big, "--Q", "85");

            var watch = Stopwatch.StartNew();
            var photo = await ProcessFileAsync(big);
            output.WriteLine($"12 MP JPEG ({new FileInfo(big).Length / 1024} KiB) processed in {watch.ElapsedMilliseconds} ms");

            (photo.Width, photo.Height).ShouldBe((2048, 1536));
            await using var thumbnail = fixture.Store.OpenRead(photo.Sha256, thumbnail: true).ShouldNotBeNull();
            using var memory = new MemoryStream();
            await thumbnail.CopyToAsync(memory);
            var thumb = JpegFacts.Read(memory.ToArray()).ShouldNotBeNull();
            Math.Max(thumb.Width, thumb.Height).ShouldBe(320);
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(memory.ToArray())).ShouldBe(photo.ThumbnailSha256);
        }
        finally
        {
            foreach (var file in steps.Append(big)) File.Delete(file);
        }
    }

    [Fact]
    public async Task A_small_photo_keeps_its_size_and_its_thumbnail_is_no_larger_than_320_px()
    {
        var photo = await ProcessFileAsync(Sample("photo.png"));

        (photo.Width, photo.Height).ShouldBe((96, 64));
        var thumbPath = Path.Combine(fixture.Factory.PhotoDirectory, photo.ThumbnailSha256[..2], $"{photo.ThumbnailSha256}.jpg");
        var thumb = JpegFacts.Read(await File.ReadAllBytesAsync(thumbPath)).ShouldNotBeNull();
        Math.Max(thumb.Width, thumb.Height).ShouldBeLessThanOrEqualTo(320);
    }

    [Fact]
    public async Task The_same_photo_uploaded_twice_gets_the_same_hash_and_one_stored_file()
    {
        var first = await ProcessFileAsync(Sample("photo.webp"));
        var second = await ProcessFileAsync(Sample("photo.webp"));

        second.ShouldBe(first);
        Directory.GetFiles(Path.GetDirectoryName(StoredPath(first.Sha256))!, $"{first.Sha256}*.jpg")
            .Select(Path.GetFileName).Order().ShouldBe([$"{first.Sha256}.jpg", $"{first.Sha256}.thumb.jpg"]);
        // Nothing half-written is left behind in the work area.
        Directory.EnumerateFileSystemEntries(Path.Combine(fixture.Factory.PhotoDirectory, ".work")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_rejected_with_a_Chinese_message()
    {
        var e = await Should.ThrowAsync<PhotoRejectedException>(() => ProcessFileAsync(Sample("not-an-image.jpg")));
        e.Message.ShouldContain("不是可识别的照片");
        e.StatusCode.ShouldBe(415);
    }

    [Fact]
    public async Task An_empty_file_is_rejected_as_empty()
    {
        var e = await Should.ThrowAsync<PhotoRejectedException>(() => fixture.Processor.ProcessAsync(new MemoryStream(), CancellationToken.None));
        e.Message.ShouldContain("照片为空");
        e.StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task A_truncated_JPEG_is_rejected_as_undecodable()
    {
        var e = await Should.ThrowAsync<PhotoRejectedException>(() => ProcessFileAsync(Sample("corrupt.jpg")));
        e.Message.ShouldContain("无法解码");
        e.StatusCode.ShouldBe(422);
    }

    [Fact]
    public async Task A_file_of_10_MB_plus_one_byte_is_rejected()
    {
        var data = new byte[PhotoStorageOptions.DefaultMaxUploadBytes + 1];
        (await File.ReadAllBytesAsync(Sample("photo-gps.jpg"))).CopyTo(data, 0);

        var e = await Should.ThrowAsync<PhotoRejectedException>(() => fixture.Processor.ProcessAsync(new MemoryStream(data), CancellationToken.None));
        e.Message.ShouldContain("10 MB");
        e.StatusCode.ShouldBe(413);
    }

    [Fact]
    public async Task An_oversize_upload_is_refused_without_reading_it_to_the_end()
    {
        await using var huge = new CountingJpegStream(length: 200L * 1024 * 1024);

        await Should.ThrowAsync<PhotoRejectedException>(() => fixture.Processor.ProcessAsync(huge, CancellationToken.None));
        huge.BytesRead.ShouldBeLessThan(PhotoStorageOptions.DefaultMaxUploadBytes + 1024 * 1024);
    }

    [Fact]
    public async Task A_stored_photo_and_its_thumbnail_open_by_the_photo_hash_and_nothing_opens_by_a_path()
    {
        var photo = await ProcessFileAsync(Sample("photo.heic"));

        await using (var full = fixture.Store.OpenRead(photo.Sha256, thumbnail: false).ShouldNotBeNull()) full.Length.ShouldBe(photo.Bytes);
        await using (var thumb = fixture.Store.OpenRead(photo.Sha256, thumbnail: true).ShouldNotBeNull()) thumb.Length.ShouldBeGreaterThan(0);
        fixture.Store.OpenRead(new string('a', 64), thumbnail: false).ShouldBeNull();
        fixture.Store.OpenRead("../" + photo.Sha256[3..], thumbnail: false).ShouldBeNull();
        fixture.Store.OpenRead(photo.Sha256.ToUpperInvariant(), thumbnail: false).ShouldBeNull();
    }

    /// <summary>A JPEG-looking stream of any length that counts how much of it was read.</summary>
    private sealed class CountingJpegStream(long length) : Stream
    {
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - BytesRead);
            Array.Clear(buffer, offset, n);
            for (var i = 0; i < n; i++)
                if (BytesRead + i < 3) buffer[offset + i] = (byte)(BytesRead + i == 2 ? 0xFF : BytesRead + i == 1 ? 0xD8 : 0xFF);
            BytesRead += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

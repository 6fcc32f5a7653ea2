using System.Text.Json;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// The one place where every request's input is read before any endpoint sees it: the request target's length, route values,
/// the query, a form (urlencoded or multipart, with its files) and a JSON body. Input that cannot be stored or read is refused
/// here with a Chinese 4xx naming the field: NUL (PostgreSQL text cannot hold it), a malformed, truncated or oversized body,
/// too many form values, an upload over GridGov:Photos:MaxUploadBytes (reading stops at the limit: 413). Endpoints then read
/// the form the guard already parsed (ASP.NET Core caches it) and a JSON body from memory.
/// </summary>
internal sealed class InputGuard(RequestDelegate next, IOptions<InputLimits> limits, ILogger<InputGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var limit = limits.Value;
        if ((request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) > limit.MaxRequestTargetChars)
        {
            await RefuseAsync(context, StatusCodes.Status414UriTooLong,
                $"请求地址（含查询参数）超过 {limit.MaxRequestTargetChars} 个字符，请缩短后重试。", null);
            return;
        }
        foreach (var (name, value) in request.RouteValues)
            if (value is string text && HasNul(text)) { await RefuseNulAsync(context, name); return; }
        foreach (var (name, values) in request.Query)
            if (HasNul(name) || values.Any(v => v is not null && HasNul(v))) { await RefuseNulAsync(context, name); return; }

        // A Razor page's form post: Blazor answers anything else with an English 400 or a 500 (no body at all).
        var pagePost = HttpMethods.IsPost(request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
        if (pagePost && !request.HasFormContentType)
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "请通过页面上的表单提交。", null);
            return;
        }
        if (!IsWebSocketUpgrade(request) && HasBody(request))
        {
            if (request.HasFormContentType)
            {
                if (!await FormIsReadableAsync(context, limit)) return;
            }
            else if (request.HasJsonContentType())
            {
                if (!await JsonIsReadableAsync(context, limit)) return;
            }
        }
        await next(context);
    }

    private async Task<bool> FormIsReadableAsync(HttpContext context, InputLimits limit)
    {
        IFormCollection form;
        // An urlencoded form is small; kept, so that a value the reader refuses can be named (below).
        var urlEncoded = context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (urlEncoded) context.Request.EnableBuffering();
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (FormReadFailure(e, limit) is { } refusal)
        {
            if (context.RequestAborted.IsCancellationRequested) return false;
            // ASP.NET Core's urlencoded reader refuses a %00 itself, without saying in which field: find it in the raw form.
            if (urlEncoded && e is InvalidDataException && await NulFieldInUrlEncodedAsync(context.Request) is { } field)
            {
                await RefuseNulAsync(context, field);
                return false;
            }
            logger.LogInformation("Unreadable form to {Path}: {Status} ({Reason})", context.Request.Path, refusal.Status, e.GetType().Name);
            await RefuseAsync(context, refusal.Status, refusal.Detail, null);
            return false;
        }
        foreach (var (name, values) in form)
            if (HasNul(name) || values.Any(v => v is not null && HasNul(v))) { await RefuseNulAsync(context, name); return false; }
        foreach (var file in form.Files)
            if (HasNul(file.Name) || HasNul(file.FileName)) { await RefuseNulAsync(context, file.Name); return false; }
        // Blazor's forms name themselves (_handler); without it Blazor would answer in English.
        if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && !form.ContainsKey("_handler"))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "表单不完整或已过期，请刷新页面后重新提交。", null);
            return false;
        }
        return true;
    }

    private static async Task<string?> NulFieldInUrlEncodedAsync(HttpRequest request)
    {
        if (!request.Body.CanSeek) return null;
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var raw = await reader.ReadToEndAsync();
        var pair = raw.Split('&').FirstOrDefault(p => p.Contains("%00", StringComparison.Ordinal));
        if (pair is null) return null;
        var name = pair.Split('=')[0].Replace("%00", "\\0", StringComparison.Ordinal).Replace('+', ' ');
        try { return Uri.UnescapeDataString(name); }
        catch (UriFormatException) { return name; }
    }

    private static (int Status, string Detail)? FormReadFailure(Exception e, InputLimits limit) => e switch
    {
        InvalidDataException invalid => FormProblem(invalid, limit.MaxUploadBytes),
        BadHttpRequestException bad => BadInputExceptionHandler.Classify(bad),
        IOException => (400, "请求内容不完整（可能在发送途中中断），请重试。"),
        _ => null,
    };

    /// <summary>Why ASP.NET Core's form reader gave up (it says so only in its message), as a Chinese status and reason.</summary>
    internal static (int Status, string Detail) FormProblem(InvalidDataException e, long? maxUploadBytes = null)
    {
        var message = e.Message;
        if (message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
            return (413, maxUploadBytes is { } max
                ? $"上传的文件过大：每个文件最多 {max / (1024 * 1024.0):0.#} MB，已停止接收。请压缩后重新上传。"
                : "上传的文件过大，已停止接收。请压缩后重新上传。");
        if (message.Contains("count limit", StringComparison.OrdinalIgnoreCase))
            return (400, "表单项过多，无法处理。");
        if (message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
            return (413, "表单中某一项过长，无法处理。");
        return (400, "表单内容格式不正确（无法解析），请重新提交。");
    }

    /// <summary>
    /// Reads a JSON body into memory (bodies here are small: a case or an action), refuses it when larger than the limit or
    /// when any string in it holds NUL, and hands the endpoint the same bytes. Malformed JSON is left to the endpoint, which
    /// knows what it expected.
    /// </summary>
    private async Task<bool> JsonIsReadableAsync(HttpContext context, InputLimits limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit.MaxJsonBytes)
        {
            await RefuseAsync(context, 413, $"JSON 请求体不能超过 {limit.MaxJsonBytes / 1024} KB。", null);
            return false;
        }
        var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit.MaxJsonBytes)
                {
                    await RefuseAsync(context, 413, $"JSON 请求体不能超过 {limit.MaxJsonBytes / 1024} KB。", null);
                    return false;
                }
            }
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, detail) = e is BadHttpRequestException bad ? BadInputExceptionHandler.Classify(bad)!.Value
                : (400, "请求内容不完整（可能在发送途中中断），请重试。");
            await RefuseAsync(context, status, detail, null);
            return false;
        }
        if (NulInJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } field)
        {
            await RefuseNulAsync(context, field);
            return false;
        }
        buffer.Position = 0;
        request.Body = buffer;
        context.Response.RegisterForDisposeAsync(buffer);
        return true;
    }

    /// <summary>The property whose string (or name) holds NUL, or null; malformed JSON counts as clean here.</summary>
    internal static string? NulInJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var property = "";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString() ?? "";
                    if (HasNul(property)) return property;
                }
                else if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && HasNul(text))
                {
                    return property.Length > 0 ? property : "body";
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0)
        || (request.ContentLength is null && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && request.ContentType is not null);

    /// <summary>Read from the header: the WebSocket middleware that would say so runs later, inside the hub's own branch.</summary>
    internal static bool IsWebSocketUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);

    internal static bool HasNul(string text) => text.Contains('\0');

    private Task RefuseNulAsync(HttpContext context, string field)
    {
        var shown = field.Replace("\0", "\\0", StringComparison.Ordinal);
        if (shown.Length > 64) shown = shown[..64] + "…";
        var message = $"“{shown}”含有不允许的字符（NUL），请删除后重试。";
        logger.LogInformation("Refused NUL in {Field} for {Path}", shown, context.Request.Path);
        return RefuseAsync(context, StatusCodes.Status400BadRequest, message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string> { [shown] = message } });
    }

    private static Task RefuseAsync(HttpContext context, int status, string detail, IDictionary<string, object?>? extensions) =>
        ProblemDetailsSetup.WriteErrorAsync(context, status, detail, extensions);
}

/// <summary>The input limits the guard enforces (see README "Input limits and security headers").</summary>
internal sealed class InputLimits
{
    /// <summary>Path + query in characters; longer is 414 from the app (Kestrel's own request-line limit is set well above it).</summary>
    public int MaxRequestTargetChars { get; set; } = 8 * 1024;

    /// <summary>A JSON body: a case or an action is a few KB.</summary>
    public long MaxJsonBytes { get; set; } = 256 * 1024;

    /// <summary>Each uploaded file (GridGov:Photos:MaxUploadBytes): the form reader stops reading a part at this length.</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;
}

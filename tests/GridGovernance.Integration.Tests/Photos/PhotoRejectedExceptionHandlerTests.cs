using System.Text.Json;
using GridGovernance.Web.Features.Photos;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Photos;

public sealed class PhotoRejectedExceptionHandlerTests(PhotoFixture fixture) : IClassFixture<PhotoFixture>
{
    [Fact]
    public async Task A_rejected_photo_that_escapes_an_endpoint_becomes_a_Chinese_problem_with_its_status_not_a_500()
    {
        var handler = fixture.Factory.Services.GetServices<IExceptionHandler>().OfType<PhotoRejectedExceptionHandler>().ShouldHaveSingleItem();
        using var scope = fixture.Factory.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();

        var handled = await handler.TryHandleAsync(context, new PhotoRejectedException("照片为空，请重新选择。") { StatusCode = 400 }, CancellationToken.None);

        handled.ShouldBeTrue();
        context.Response.StatusCode.ShouldBe(400);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        problem.RootElement.GetProperty("detail").GetString().ShouldBe("照片为空，请重新选择。");
        problem.RootElement.GetProperty("title").GetString().ShouldBe("请求参数有误");
        (await handler.TryHandleAsync(context, new InvalidOperationException("x"), CancellationToken.None)).ShouldBeFalse();
    }
}

using System.Net;
using System.Net.Sockets;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// A TCP load balancer in miniature (what nginx does in front of two app instances): new connections go to the current target;
/// <see cref="SwitchTo"/> points it at another instance and cuts every open connection, as when the old instance dies;
/// <see cref="Cut"/> drops every connection and refuses new ones until <see cref="Restore"/>, as a network that goes away.
/// </summary>
public sealed class SwitchingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private volatile int _targetPort;
    private volatile bool _refusing;

    public SwitchingProxy(string target)
    {
        _targetPort = new Uri(target).Port;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void SwitchTo(string target)
    {
        _targetPort = new Uri(target).Port;
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    /// <summary>The network goes away: open connections drop and new ones are closed as soon as they are accepted.</summary>
    public void Cut()
    {
        _refusing = true;
        SwitchTo($"http://127.0.0.1:{_targetPort}");
    }

    /// <summary>The network is back: new connections reach the current target again.</summary>
    public void Restore() => _refusing = false;

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient incoming;
            try { incoming = await _listener.AcceptTcpClientAsync(_stopping.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = RelayAsync(incoming);
        }
    }

    private async Task RelayAsync(TcpClient incoming)
    {
        if (_refusing)
        {
            incoming.Dispose();
            return;
        }
        var outgoing = new TcpClient();
        lock (_open) _open.AddRange([incoming, outgoing]);
        try
        {
            await outgoing.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            var a = incoming.GetStream();
            var b = outgoing.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _stopping.Token), b.CopyToAsync(a, _stopping.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A cut connection: the browser sees it drop, as it would when an instance dies behind nginx.
        }
        finally
        {
            incoming.Dispose();
            outgoing.Dispose();
            lock (_open) { _open.Remove(incoming); _open.Remove(outgoing); }
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        SwitchTo($"http://127.0.0.1:{_targetPort}");
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}

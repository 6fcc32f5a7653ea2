// Starts Blazor on an interactive page (Components/App.razor loads blazor.web.js with autostart="false"). The circuit's
// SignalR connection goes straight to a WebSocket, without the negotiate round trip: behind several app instances the one
// request that upgrades is the one that holds the circuit, so no sticky session is needed for a negotiate/connect pair.
// A file, not an inline script, so that a strict Content-Security-Policy (script-src 'self') allows it.
const WEBSOCKETS = 1; // signalR.HttpTransportType.WebSockets

Blazor.start({
  circuit: {
    configureSignalR: (builder) => {
      builder.withUrl(new URL('_blazor', document.baseURI).href, { skipNegotiation: true, transport: WEBSOCKETS });
    },
  },
});

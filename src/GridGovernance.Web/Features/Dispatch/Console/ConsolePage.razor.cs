using System.Globalization;
using System.Text.Json;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Components.Leaflet;
using GridGovernance.Web.Features.Live;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace GridGovernance.Web.Features.Dispatch.Console;

public sealed partial class ConsolePage
{
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>?case=ID opens a case (the desk intake lands here after filing a call).</summary>
    // Read as text: Blazor throws (a 500) when a typed query parameter does not parse, and ?case= is a link anyone can edit.
    [SupplyParameterFromQuery(Name = "case")] public string? CaseParameter { get; set; }

    private CurrentStaff? _staff;
    private string _roleName = "";
    private string? _scopeName;
    private bool _mayDesk;
    private bool _mayDecideExtensions;
    private bool _interactive;
    private bool _mapReady;
    private bool _help;

    private string? _search;
    private string _state = ConsoleFilter.OpenStates;
    private string? _listProblem;
    private ConsoleList? _list;
    private ConsoleKpis? _kpis;
    private DateTimeOffset _now;
    private int _cursor = -1;

    private CaseDrawer? _drawer;
    private bool _missing;
    private string? _notice;
    private string? _error;
    private bool _busy;

    // The open action form.
    private CaseAction? _panel;
    private bool _confirming;
    private string? _reason;
    private WhistleKind _whistleKind = WhistleKind.Routine;
    private readonly HashSet<string> _units = new(StringComparer.Ordinal);
    private bool _allUnits;
    private LatLng? _meeting;
    private ClosureType _closure = ClosureType.Normal;
    private Satisfaction _rating = Satisfaction.Satisfied;
    private bool _resolved = true;
    private readonly HashSet<long> _unmerged = [];

    // A word over the list (after 转办 the case has left: its panel closes).
    private string? _listNotice;

    // 通知: the same notices as the server-rendered console's (ConsoleNotices), re-read live without marking them read; opening
    // one marks it read, 全部已读 all of them.
    private IReadOnlyList<ConsoleNotice> _notices = [];
    private bool _noticesOpen;

    // Batch 核实/立案/派遣 over the ticked rows (CaseBatchService, the one the form POST /dispatch/batch uses).
    private readonly HashSet<long> _selected = [];
    private CaseAction? _batchAction;
    private IReadOnlyList<BatchLine>? _batchLines;
    private string? _batchProblem;
    private string? _batchUnit;
    private IReadOnlyList<(string Code, string Name)> _batchUnits = [];

    // 转办 to another township of the county (CaseDeskService.TransferAsync); the refusal is shown in the form.
    private bool _transferOpen;
    private string? _transferTo;
    private string? _transferReason;
    private bool _transferConfirming;
    private string? _transferProblem;
    private LeafletMap? _map;

    private MapView _view = MapView.At(new LatLng(24.35, 106.56), 10);
    private string? _markers;
    private string? _urgentMarkers;
    private string? _meetingMarker;

    // Live: the last outbox event this page has applied; every read starts after it.
    private long _lastEventId;
    private readonly List<ConsoleFeedItem> _feed = [];
    private readonly CatchUpGate _catchUp = new();
    private string? _announce;
    private IJSObjectReference? _keysModule;
    private IJSObjectReference? _keys;
    private DotNetObjectReference<ConsolePage>? _self;

    private const int MaxFeed = 50;

    private static readonly IReadOnlyList<MapPane> MapPanes = [new("urgent", 640)];
    private static readonly ClusterOptions Clusters = new(MaxClusterRadius: 40);
    private static readonly object TownshipOutline = new { color = "#0b3d63", weight = 2.5, fill = false };

    private string ExportUrl => _search is { Length: > 0 } q
        ? $"dispatch/export.csv?state={Uri.EscapeDataString(_state)}&q={Uri.EscapeDataString(q)}"
        : $"dispatch/export.csv?state={Uri.EscapeDataString(_state)}";

    protected override async Task OnInitializedAsync()
    {
        _staff = AuthState is null ? null : CurrentStaff.From((await AuthState).User);
        if (_staff is null || !_staff.UsesConsole()) return;
        _roleName = FieldUser.Of(_staff).RoleName;
        // The place's name (泗城镇), as /account and the server-rendered console show it; the code stays in the tooltip.
        _scopeName = await Accounts.StaffMeEndpoint.ScopeNameAsync(_staff, DataSource, CancellationToken.None);
        _mayDesk = CaseDeskService.MayUse(_staff.Role);
        _mayDecideExtensions = CasePermissions.Allows(_staff.Role, WorkOrderAction.ApproveExtension);
        _interactive = RendererInfo.IsInteractive;
        // Read before the page's data: an event committed meanwhile is read again, never missed.
        _lastEventId = await CircuitEvents.NewestIdAsync(DataSource, CancellationToken.None);
        var bounds = _staff.ScopeCode.Length > 6 ? await TerritoryBounds.OfCodeAsync(_staff.ScopeCode, CancellationToken.None)
            : (await TerritoryBounds.CountyAsync(CancellationToken.None))?.Bounds;
        if (bounds is { } b) _view = MapView.Fit(b.West, b.South, b.East, b.North) with { Padding = [0, 0] };
        _feed.AddRange(await ConsoleFeed.LatestAsync(DataSource, _staff, _lastEventId, CancellationToken.None));
        if (_mayDesk)
        {
            await using var connection = await DataSource.OpenConnectionAsync();
            _batchUnits = await CaseDrawerQuery.CountyUnitsAsync(connection, ConsoleQueries.CountyOf(_staff), _staff.ScopeCode, CancellationToken.None);
        }
        await LoadListAsync();
        if (long.TryParse(CaseParameter, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            await LoadCaseAsync(id);
        if (_interactive)
        {
            Live.Forwarded += OnForwarded;
            Resumed.Resumed += OnForwarded;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive || _staff is null || !_staff.UsesConsole()) return;
        _self = DotNetObjectReference.Create(this);
        _keysModule = await JS.InvokeAsync<IJSObjectReference>("import", "./js/console-keys.js");
        _keys = await _keysModule.InvokeAsync<IJSObjectReference>("attach", _self);
        // Events that committed between the first read and the subscription.
        await _catchUp.RunAsync(CatchUpAsync);
    }

    private ConsoleFilter Filter() => ConsoleFilter.Default with { State = _state, Search = string.IsNullOrWhiteSpace(_search) ? null : _search.Trim() };

    private async Task LoadListAsync()
    {
        _now = Clock.GetUtcNow();
        var filter = Filter();
        if (filter.Search is { Length: > ConsoleFilter.MaxSearchLength })
        {
            _listProblem = $"搜索内容最多 {ConsoleFilter.MaxSearchLength} 个字。";
            return;
        }
        _listProblem = null;
        _list = await ConsoleQueries.ListAsync(DataSource, _staff!, filter, _now, CancellationToken.None, Secrets);
        _kpis = await ConsoleQueries.KpisAsync(DataSource, _staff!, _now, CancellationToken.None);
        var markers = await ConsoleQueries.MarkersAsync(DataSource, _staff!, filter, _now, ConsoleMarkersEndpoint.MaxMarkers, CancellationToken.None);
        _markers = MarkerJson(markers.Where(r => !(r.Urgent && r.State.IsOpen())));
        _urgentMarkers = MarkerJson(markers.Where(r => r.Urgent && r.State.IsOpen()));
        if (_drawer is { } open) _cursor = _list.Rows.ToList().FindIndex(r => r.Id == open.Facts.Id) is var i and >= 0 ? i : _cursor;
        if (_cursor >= _list.Rows.Count) _cursor = _list.Rows.Count - 1;
        // Only what the list shows can be ticked: a case that left it (acted on elsewhere, filtered out) is no longer selected.
        _selected.IntersectWith(_list.Rows.Select(r => r.Id));
        await LoadNoticesAsync();
    }

    /// <summary>Read again as a whole (never appended to), so a live re-read shows each notice once.</summary>
    private async Task LoadNoticesAsync() =>
        _notices = await ConsoleNotices.LatestAsync(DataSource, _staff!, markShown: false, CancellationToken.None);

    private async Task LoadCaseAsync(long caseId)
    {
        _drawer = await CaseDrawerQuery.FindAsync(DataSource, Secrets, _staff!, caseId, Clock.GetUtcNow(), CancellationToken.None);
        _missing = _drawer is null;
        ShowMeetingPoints();
    }

    private async Task SearchAsync()
    {
        _cursor = -1;
        await LoadListAsync();
    }

    private Task ReloadAsync() => SearchAsync();

    private async Task OpenAsync(long caseId, int? index)
    {
        if (_drawer?.Facts.Id != caseId) ResetPanel();
        _notice = _error = null;
        _unmerged.Clear();
        await LoadCaseAsync(caseId);
        if (index is { } i) _cursor = i;
        else if (_list is not null) _cursor = _list.Rows.ToList().FindIndex(r => r.Id == caseId);
        await RememberAsync();
    }

    private void Close()
    {
        _drawer = null;
        _missing = false;
        ResetPanel();
        _ = RememberAsync();
    }

    /// <summary>
    /// Keeps the open case in the address (?case=ID, without a navigation): when the circuit cannot come back — its instance
    /// stopped — Blazor reloads the page, which opens on another instance with the same case.
    /// </summary>
    private async Task RememberAsync()
    {
        if (_keysModule is null) return;
        try
        {
            await _keysModule.InvokeVoidAsync("remember", _drawer is { } open
                ? $"dispatch/console?case={open.Facts.Id.ToString(CultureInfo.InvariantCulture)}" : "dispatch/console");
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone: nothing to remember.
        }
    }

    private void ResetPanel()
    {
        _panel = null;
        _confirming = false;
        _reason = null;
        _units.Clear();
        _allUnits = false;
        _meeting = null;
        _whistleKind = WhistleKind.Routine;
        _transferOpen = _transferConfirming = false;
        _transferReason = _transferProblem = null;
        ShowMeetingPoints();
    }

    private void ClosePanel() => ResetPanel();

    private IEnumerable<DrawerUnit> UnitsShown(CaseDrawer drawer) =>
        drawer.Units.Where(u => u.Suggested || _allUnits || _units.Contains(u.Code));

    private void ToggleUnit(string code, ChangeEventArgs e)
    {
        if (e.Value is true) _units.Add(code);
        else _units.Remove(code);
    }

    private void ToggleMerge(long caseId, ChangeEventArgs e)
    {
        if (e.Value is true) _unmerged.Remove(caseId);
        else _unmerged.Add(caseId);
    }

    /// <summary>An action button: one without arguments runs at once; one with arguments opens its form (units pre-checked by routing).</summary>
    private async Task ChooseAsync(CaseAction action)
    {
        if (_drawer is null) return;
        if (!NeedsArguments(action))
        {
            _panel = action;
            await SubmitAsync(confirmed: false);
            return;
        }
        ResetPanel();
        _panel = action;
        if (action == CaseAction.Whistle)
            foreach (var unit in _drawer.Units.Where(u => u.PreChecked)) _units.Add(unit.Code);
        else if (action == CaseAction.Dispatch && _drawer.Units.FirstOrDefault(u => u.Suggested) is { } first)
            _units.Add(first.Code);
        else if (action == CaseAction.CheckPass)
            _closure = _drawer.DefaultClosure;
    }

    private async Task SubmitAsync(bool confirmed)
    {
        if (_drawer is null || _panel is not { } action || _busy) return;
        if (NeedsConfirmation(action) && !confirmed)
        {
            _confirming = true;
            return;
        }
        var command = new CaseCommand(action, IdempotencyKeys.New(), string.IsNullOrWhiteSpace(_reason) ? null : _reason.Trim(),
            action is CaseAction.Whistle or CaseAction.Dispatch ? _units.ToList() : null,
            action == CaseAction.Whistle ? _whistleKind : null,
            action == CaseAction.CheckPass ? _closure : null,
            action == CaseAction.Revisit ? _rating : null,
            action == CaseAction.Revisit ? _resolved : null)
        {
            MeetingLongitude = action == CaseAction.Whistle ? _meeting?.Lng : null,
            MeetingLatitude = action == CaseAction.Whistle ? _meeting?.Lat : null,
        };
        var caseId = _drawer.Facts.Id;
        _busy = true;
        try
        {
            var outcome = await CaseActions.ApplyAsync(_staff!, caseId, command, CancellationToken.None);
            await AfterActionAsync(caseId, outcome, $"已{action.Chinese()}。");
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task MergeAsync()
    {
        if (_drawer is null || _busy) return;
        var ids = _drawer.Duplicates.Select(d => d.CaseId).Where(id => !_unmerged.Contains(id)).ToList();
        if (ids.Count == 0)
        {
            _error = "请勾选要合并的案件。";
            return;
        }
        var caseId = _drawer.Facts.Id;
        _busy = true;
        try
        {
            var outcome = await Desk.MergeAsync(_staff!, caseId, ids, IdempotencyKeys.New(), CancellationToken.None);
            await AfterActionAsync(caseId, outcome, $"已合并 {ids.Count} 件重复案件。", keepPanel: true);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task OrderActAsync(long orderId, WorkOrderAction action)
    {
        if (_drawer is null || _busy) return;
        var caseId = _drawer.Facts.Id;
        _busy = true;
        try
        {
            var outcome = await OrderActions.ApplyAsync(_staff!, orderId, new OrderCommand(action, IdempotencyKeys.New(), _reason), CancellationToken.None);
            await AfterActionAsync(caseId, outcome, $"已{action.Chinese()}。", keepPanel: true);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task AfterActionAsync(long caseId, ActionOutcome outcome, string done, bool keepPanel = false)
    {
        if (outcome is ActionOutcome.Done)
        {
            _notice = done;
            _error = null;
            if (!keepPanel) ResetPanel();
        }
        else
        {
            _notice = null;
            _error = outcome.Problem ?? "该案件不存在，或不在您的管辖范围内。";
            _confirming = false;
        }
        await LoadCaseAsync(caseId);
        await LoadListAsync();
    }

    /// <summary>转办…: the form with the county's other townships (the drawer's list), nothing sent yet.</summary>
    private void OpenTransfer()
    {
        if (_drawer is null) return;
        ResetPanel();
        _notice = _error = null;
        _transferOpen = true;
        _transferTo = _drawer.TransferTargets.Count > 0 ? _drawer.TransferTargets[0].Code : null;
    }

    /// <summary>
    /// 转办 through <see cref="CaseDeskService.TransferAsync"/>; it cannot be undone from here (the case becomes the other
    /// township's), so it asks first. Its refusals (no reason, outside the county, a case already with a unit…) stay in the form.
    /// </summary>
    private async Task TransferAsync(bool confirmed)
    {
        if (_drawer is null || _busy) return;
        if (!confirmed)
        {
            _transferConfirming = true;
            return;
        }
        var (caseId, number) = (_drawer.Facts.Id, _drawer.Facts.Number);
        var target = _drawer.TransferTargets.FirstOrDefault(t => t.Code == _transferTo).Name;
        _busy = true;
        try
        {
            var outcome = await Desk.TransferAsync(_staff!, caseId, _transferTo, _transferReason, IdempotencyKeys.New(), CancellationToken.None);
            if (outcome is ActionOutcome.Done)
            {
                Close();
                _listNotice = $"案件 {number} 已转办至{target}，对方乡镇调度员已收到通知。";
                await LoadListAsync();
                return;
            }
            _transferConfirming = false;
            _transferProblem = outcome.Problem ?? "该案件不存在，或不在您的管辖范围内。";
            await LoadListAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private bool AllSelected => _list is { Rows.Count: > 0 } list && list.Rows.All(r => _selected.Contains(r.Id));

    private void ToggleSelected(long caseId, ChangeEventArgs e)
    {
        if (e.Value is true) _selected.Add(caseId);
        else _selected.Remove(caseId);
    }

    /// <summary>全选: every row of the list (the list shows at most a page).</summary>
    private void ToggleAll(ChangeEventArgs e)
    {
        if (e.Value is true && _list is not null) _selected.UnionWith(_list.Rows.Select(r => r.Id));
        else _selected.Clear();
    }

    /// <summary>
    /// 批量核实/立案/派遣 through <see cref="CaseBatchService"/>: each ticked case its own transaction and its own request key
    /// (derived from this batch's), and a line per case — 成功 or that case's refusal. The selection stays for the next step.
    /// </summary>
    private async Task BatchAsync(CaseAction action)
    {
        if (_busy || _list is null) return;
        var ids = _list.Rows.Where(r => _selected.Contains(r.Id)).Select(r => r.Id).ToList();
        _busy = true;
        try
        {
            var result = await Batches.ApplyAsync(_staff!, action, ids, IdempotencyKeys.New(), null,
                action == CaseAction.Dispatch && _batchUnit is { Length: > 0 } unit ? [unit] : [], CancellationToken.None);
            _batchAction = action;
            _batchProblem = result.Refusal?.Problem;
            _batchLines = result.Refusal is null ? result.Lines : null;
            await LoadListAsync();
            if (_drawer is { } open && ids.Contains(open.Facts.Id)) await LoadCaseAsync(open.Facts.Id);
        }
        finally
        {
            _busy = false;
        }
    }

    private void CloseBatchResult()
    {
        _batchLines = null;
        _batchProblem = null;
    }

    private async Task OpenNoticeAsync(ConsoleNotice notice)
    {
        await ConsoleNotices.MarkReadAsync(DataSource, _staff!, notice.Id, CancellationToken.None);
        _noticesOpen = false;
        await LoadNoticesAsync();
        await OpenAsync(notice.CaseId, null);
    }

    private async Task AllReadAsync()
    {
        await ConsoleNotices.MarkReadAsync(DataSource, _staff!, null, CancellationToken.None);
        await LoadNoticesAsync();
    }

    /// <summary>The open case's meeting points (集合点 of its whistles) while it is open, and the one being picked for a new whistle.</summary>
    private void ShowMeetingPoints()
    {
        var points = new List<(double Lng, double Lat)>();
        if (_drawer is { } open && open.Facts.State.IsOpen())
            foreach (var team in open.Teams)
                if (team.MeetingLongitude is { } lng && team.MeetingLatitude is { } lat) points.Add((lng, lat));
        if (_panel == CaseAction.Whistle && _meeting is { } picked) points.Add((picked.Lng, picked.Lat));
        _meetingMarker = points.Count == 0 ? null : JsonSerializer.Serialize(new
        {
            type = "FeatureCollection",
            features = points.Distinct().Select(p => new
            {
                type = "Feature",
                geometry = new { type = "Point", coordinates = new[] { Math.Round(p.Lng, 6), Math.Round(p.Lat, 6) } },
                properties = new { label = "集合点", meeting = true, markerStyle = new { radius = 9, color = "#6a1b9a", weight = 3, fillColor = "#ce93d8", fillOpacity = 0.9 } },
            }),
        });
    }

    private async Task ShowOnMapAsync(double lng, double lat)
    {
        if (_map is not null) await _map.SetViewAsync(new LatLng(lat, lng), 17);
    }

    /// <summary>A click on the map while the whistle form is open sets the meeting point (集合点).</summary>
    private void MapClickedAsync(LatLng point)
    {
        if (_panel != CaseAction.Whistle) return;
        _meeting = point;
        ShowMeetingPoints();
    }

    private void ClearMeeting()
    {
        _meeting = null;
        ShowMeetingPoints();
    }

    private async Task MarkerClickedAsync(FeatureClick click)
    {
        if (long.TryParse(click.Property("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) await OpenAsync(id, null);
    }

    /// <summary>A key from console-keys.js (never one typed into a field).</summary>
    [JSInvokable]
    public async Task OnShortcut(string key)
    {
        switch (key)
        {
            case "j" or "k" when _list is { Rows.Count: > 0 }:
                _cursor = Math.Clamp(_cursor + (key == "j" ? 1 : -1), 0, _list.Rows.Count - 1);
                StateHasChanged();
                await _keysModule!.InvokeVoidAsync("reveal", $"[data-case-row='{_list.Rows[_cursor].Id}']");
                return;
            case "Enter" when _list is { Rows.Count: > 0 } && _cursor >= 0:
                await OpenAsync(_list.Rows[_cursor].Id, _cursor);
                break;
            case "v":
                await ShortcutActionAsync(CaseAction.Verify);
                break;
            case "l":
                await ShortcutActionAsync(CaseAction.Accept);
                break;
            case "p":
                await ShortcutActionAsync(CaseAction.Dispatch);
                break;
            case "w":
                await ShortcutActionAsync(CaseAction.Whistle);
                break;
            case "?":
                _help = !_help;
                break;
            case "Escape":
                if (_help) _help = false;
                else if (_panel is not null) ResetPanel();
                else Close();
                break;
            default:
                return;
        }
        StateHasChanged();
    }

    private async Task ShortcutActionAsync(CaseAction action)
    {
        if (_drawer is null) return;
        if (!_drawer.Actions.Contains(action))
        {
            _error = $"案件 {_drawer.Facts.Number} 当前不能{action.Chinese()}。";
            return;
        }
        await ChooseAsync(action);
    }

    private void OnForwarded() => _ = InvokeAsync(() => _catchUp.RunAsync(CatchUpAsync));

    /// <summary>Reads every event after the page's last id (scoped like the hub) and refreshes what they touch.</summary>
    private async Task CatchUpAsync()
    {
        if (_staff is null) return;
        try
        {
            var touched = new HashSet<long>();
            while (true)
            {
                var page = await CircuitEvents.AfterAsync(DataSource, _staff, _lastEventId, CancellationToken.None);
                // A territory event (a grid edit, migration 0043) touches no case and is no line of the feed.
                foreach (var liveEvent in page.Events.Where(e => e.CaseId is not null))
                {
                    touched.Add(liveEvent.CaseId!.Value);
                    _feed.Insert(0, ConsoleFeed.ItemOf(liveEvent));
                }
                _lastEventId = page.LastId;
                if (page.Events.Count < CircuitEvents.Page) break;
            }
            if (touched.Count == 0) return;
            if (_feed.Count > MaxFeed) _feed.RemoveRange(MaxFeed, _feed.Count - MaxFeed);
            await LoadListAsync();
            // The list's read re-reads the notices too (a 督办, a returned order, a transfer to us come with their case's event).
            if (_drawer is { } open && touched.Contains(open.Facts.Id)) await LoadCaseAsync(open.Facts.Id);
            _announce = $"{touched.Count} 件案件有新动态";
            StateHasChanged();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // The database is away: the next signal (or the resumed connection) reads from the same id again.
        }
    }

    private static string MarkerJson(IEnumerable<ConsoleRow> rows) => JsonSerializer.Serialize(new
    {
        type = "FeatureCollection",
        features = rows.Where(r => r.Lng is not null && r.Lat is not null).Select(r => new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = new[] { r.Lng!.Value, r.Lat!.Value } },
            properties = new
            {
                id = r.Id,
                label = $"{r.Number[^4..]} {r.CategoryName}",
                urgent = r.Urgent,
                markerStyle = MarkerStyle(r),
            },
        }),
    });

    private static object MarkerStyle(ConsoleRow row)
    {
        var fill = row.Urgent && row.State.IsOpen() ? "#d7263d"
            : !row.State.IsOpen() ? "#9e9e9e"
            : row.Deadline?.Light switch
            {
                GridGovernance.Domain.Calendar.TrafficLight.Red => "#c62828",
                GridGovernance.Domain.Calendar.TrafficLight.Yellow => "#f9a825",
                GridGovernance.Domain.Calendar.TrafficLight.Green => "#2e7d32",
                _ => "#1565c0",
            };
        return row.Urgent && row.State.IsOpen()
            ? new { radius = 10, color = "#ffffff", weight = 3, fillColor = fill, fillOpacity = 1.0 }
            : new { radius = 7, color = "#ffffff", weight = 2, fillColor = fill, fillOpacity = 0.95 };
    }

    private static bool NeedsReason(CaseAction action) =>
        action is CaseAction.Void or CaseAction.Shelve or CaseAction.Terminate or CaseAction.CheckFail or CaseAction.VillageResolve;

    private static bool NeedsArguments(CaseAction action) =>
        NeedsReason(action) || action is CaseAction.Whistle or CaseAction.Dispatch or CaseAction.CheckPass or CaseAction.Revisit;

    /// <summary>Only what cannot be undone asks first: 作废, 结案 (核查通过), 终止, 挂账, 归档.</summary>
    private static bool NeedsConfirmation(CaseAction action) =>
        action is CaseAction.Void or CaseAction.CheckPass or CaseAction.Terminate or CaseAction.Shelve or CaseAction.Archive;

    private static string ReasonLabel(CaseAction action) => action switch
    {
        CaseAction.Void => "作废原因",
        CaseAction.Shelve => "挂账书面说明",
        CaseAction.Terminate => "审核意见",
        CaseAction.CheckFail => "核查不通过的原因",
        CaseAction.VillageResolve => "办结情况说明",
        CaseAction.Whistle => "调度说明（各被召集单位可见：任务、分工、注意事项）",
        _ => "备注（可选）",
    };

    private static string? Shortcut(CaseAction action) => action switch
    {
        CaseAction.Verify => "快捷键 v",
        CaseAction.Accept => "快捷键 l",
        CaseAction.Dispatch => "快捷键 p",
        CaseAction.Whistle => "快捷键 w",
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        Live.Forwarded -= OnForwarded;
        Resumed.Resumed -= OnForwarded;
        try
        {
            if (_keys is not null)
            {
                await _keys.InvokeVoidAsync("dispose");
                await _keys.DisposeAsync();
            }
            if (_keysModule is not null) await _keysModule.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone, and with it the listener.
        }
        _self?.Dispose();
    }
}

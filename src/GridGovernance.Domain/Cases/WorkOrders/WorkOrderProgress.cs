namespace GridGovernance.Domain.Cases;

/// <summary>
/// Reads a dispatched case's orders and says which case action the system applies next, so "when every order is done"
/// is decided in one place. Withdrawn orders do not count.
/// </summary>
public static class WorkOrderProgress
{
    /// <returns>
    /// null while any order is still active (or there is none); <see cref="CaseAction.AllOrdersDone"/> when at least one
    /// unit fed back and the others returned or shelved theirs; <see cref="CaseAction.AllOrdersReturned"/> when every unit
    /// returned its order; <see cref="CaseAction.Shelve"/> when nobody fed back and at least one unit shelved.
    /// </returns>
    public static CaseAction? NextCaseAction(IEnumerable<WorkOrderState> orders)
    {
        var counted = orders.Where(s => s != WorkOrderState.Withdrawn).ToList();
        if (counted.Count == 0 || counted.Any(s => s.IsActive())) return null;
        if (counted.Contains(WorkOrderState.FedBack)) return CaseAction.AllOrdersDone;
        return counted.All(s => s == WorkOrderState.Returned) ? CaseAction.AllOrdersReturned : CaseAction.Shelve;
    }
}

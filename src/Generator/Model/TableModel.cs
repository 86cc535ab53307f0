namespace Fastpath.Generator.Model
{
    /// <summary>A [Table] class: the packet type its keys read, its size, the runtime table behind it, its key fields and actions.</summary>
    internal sealed record TableModel(
        string Namespace,
        string Name,
        string Modifiers,
        string PacketType,
        int Size,
        TableBackend Backend,
        EquatableArray<TableKeyModel> Keys,
        EquatableArray<TableActionModel> Actions,
        string DefaultAction,
        bool CountsHits);
}

namespace Fastpath.Headers;

/// <summary>A DNS message header (RFC 1035 §4.1.1, with the AD and CD bits of RFC 4035); questions and records follow as payload.</summary>
[Header]
public readonly ref partial struct Dns
{
    [Bits(16)] public partial ushort Id { get; set; }
    [Bits(1)] public partial bool IsResponse { get; set; }
    [Bits(4)] public partial byte Opcode { get; set; }
    [Bits(1)] public partial bool Authoritative { get; set; }
    [Bits(1)] public partial bool Truncated { get; set; }
    [Bits(1)] public partial bool RecursionDesired { get; set; }
    [Bits(1)] public partial bool RecursionAvailable { get; set; }
    [Bits(1)] public partial bool Zero { get; set; }
    [Bits(1)] public partial bool AuthenticData { get; set; }
    [Bits(1)] public partial bool CheckingDisabled { get; set; }
    [Bits(4)] public partial byte ResponseCode { get; set; }
    [Bits(16)] public partial ushort QuestionCount { get; set; }
    [Bits(16)] public partial ushort AnswerCount { get; set; }
    [Bits(16)] public partial ushort AuthorityCount { get; set; }
    [Bits(16)] public partial ushort AdditionalCount { get; set; }
}

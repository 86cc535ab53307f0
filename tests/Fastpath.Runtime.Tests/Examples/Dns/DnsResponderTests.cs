using System.Buffers.Binary;
using CsCheck;
using Fastpath.Examples.Dns.Protocol;
using Fastpath.Examples.Dns.Server;

namespace Fastpath.Tests.Examples.Dns;

/// <summary>The query path on its own: malformed and hostile queries get the right RCODE or no reply, replies never leave their buffer, case is echoed.</summary>
public class DnsResponderTests
{
    private static readonly Lazy<Responder> Parity = new(() =>
    {
        string path = DnsTestFiles.ParityZone;
        Assert.True(ZoneLoader.TryLoad([path], out Responder? responder, out List<string> errors), string.Join("\n", errors));
        return responder!;
    });

    private static (int Length, byte[] Reply, AnswerOutcome Outcome) Ask(byte[] query, int room = 4096)
    {
        byte[] buffer = new byte[Math.Max(room, query.Length)];
        query.CopyTo(buffer, 0);
        int length = Parity.Value.Answer(buffer, query.Length, out AnswerOutcome outcome);
        return (length, buffer[..length], outcome);
    }

    private static byte[] WithCounts(byte[] query, int qd, int an = 0, int ns = 0, int ar = 0)
    {
        byte[] copy = (byte[])query.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(4), (ushort)qd);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(6), (ushort)an);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(8), (ushort)ns);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(10), (ushort)ar);
        return copy;
    }

    [Fact]
    public void ResponsesAndRuntsAreNeverAnswered()
    {
        byte[] query = DnsMessages.Query("www.parity.test", 1);
        byte[] response = (byte[])query.Clone();
        response[2] |= 0x80;
        Assert.Equal((0, AnswerOutcome.Dropped), (Ask(response).Length, Ask(response).Outcome));
        Assert.Equal(0, Ask(query[..11]).Length);
        Assert.Equal(0, Ask([]).Length);
    }

    [Fact]
    public void MalformedQueriesGetFormErrWithTheirQuestionWhenItCanBeRead()
    {
        byte[] good = DnsMessages.Query("www.parity.test", 1);
        List<byte[]> cases =
        [
            WithCounts(good, qd: 0),
            WithCounts(good, qd: 2),
            WithCounts(good, qd: 1, an: 1),
            good[..(good.Length - 2)],                 // the question cut short
            [.. good, 0xDE, 0xAD],                     // garbage after the question
            WithCounts(good, qd: 1, ar: 1),            // an additional record that is not there
        ];
        // A compression pointer in the question, a label of 64 bytes, a name of 256 bytes, a label running off the end.
        byte[] pointer = [.. good[..12], 0xC0, 0x0C, 0, 1, 0, 1];
        byte[] longLabel = DnsMessages.Query(new string('a', 63) + ".parity.test", 1);
        longLabel[12] = 64;
        cases.Add(pointer);
        cases.Add(longLabel);
        cases.Add(DnsMessages.Query(string.Join('.', Enumerable.Repeat(new string('b', 62), 4)) + ".xy", 1));
        cases.Add([.. good[..12], 10, (byte)'a']);
        foreach (byte[] query in cases)
        {
            (int length, byte[] reply, AnswerOutcome outcome) = Ask(query);
            Assert.Equal(AnswerOutcome.FormErr, outcome);
            DnsMessages.Reply r = DnsMessages.Parse(reply);
            Assert.Equal(DnsConstants.FormErr, r.Rcode);
            Assert.True((r.Flags & 0x8000) != 0);
            Assert.Empty(r.Answer);
        }
        // Two OPT records.
        byte[] edns = DnsMessages.Query("www.parity.test", 1, ednsSize: 1232);
        byte[] twoOpts = WithCounts([.. edns, .. edns[^11..]], qd: 1, ar: 2);
        Assert.Equal(AnswerOutcome.FormErr, Ask(twoOpts).Outcome);
    }

    [Fact]
    public void OtherOpcodesAreNotImplementedAndOtherEdnsVersionsAreBadVers()
    {
        byte[] notify = DnsMessages.Query("parity.test", 6, flags: 4 << 11);
        (_, byte[] reply, AnswerOutcome outcome) = Ask(notify);
        Assert.Equal(AnswerOutcome.NotImp, outcome);
        DnsMessages.Reply r = DnsMessages.Parse(reply);
        Assert.Equal(DnsConstants.NotImp, r.Rcode);
        Assert.Equal(4, (r.Flags >> 11) & 0xF);

        (_, reply, outcome) = Ask(DnsMessages.Query("parity.test", 6, ednsSize: 1232, ednsVersion: 1));
        Assert.Equal(AnswerOutcome.BadVers, outcome);
        r = DnsMessages.Parse(reply);
        Assert.Equal(DnsConstants.BadVers, r.Rcode);
        Assert.Equal(DnsConstants.ServerUdpSize, r.OptSize);
    }

    [Fact]
    public void TheQuestionsCaseIsEchoedAndOtherClassesAreRefused()
    {
        (_, byte[] reply, AnswerOutcome outcome) = Ask(DnsMessages.Query("HoSt.PaRiTy.TeSt", 1));
        Assert.Equal(AnswerOutcome.Answer, outcome);
        Assert.StartsWith("HoSt.PaRiTy.TeSt.", DnsMessages.Parse(reply).Question);
        // A wildcard's owner is the question's name, as asked.
        (_, reply, _) = Ask(DnsMessages.Query("Foo.WILD.parity.test", 1));
        Assert.StartsWith("Foo.WILD.parity.test.", DnsMessages.Parse(reply).Question);
        Assert.Equal(AnswerOutcome.Refused, Ask(DnsMessages.Query("host.parity.test", 1, qclass: 3)).Outcome);
    }

    [Fact]
    public void ARepliesThatDoesNotFitItsRoomIsTruncatedNotOverrun()
    {
        byte[] query = DnsMessages.Query("big.parity.test", 16, ednsSize: 4096);
        // Room for the question and OPT only: the reply says TC rather than writing past the buffer.
        (int length, byte[] reply, _) = Ask(query, room: query.Length + 11);
        Assert.True(length <= query.Length + 11);
        Assert.True(DnsMessages.Parse(reply).Truncated);
    }

    [Fact]
    public void AnyBytesNeverThrowNorWritePastTheRoom()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            byte[] buffer = new byte[bytes.Length + 700];
            bytes.CopyTo(buffer, 0);
            buffer.AsSpan(bytes.Length).Fill(0xEE);
            int room = bytes.Length + 600;
            int length = Parity.Value.Answer(buffer.AsSpan(0, room), bytes.Length, out _);
            Assert.InRange(length, 0, room);
            Assert.All(buffer[room..], b => Assert.Equal(0xEE, b));
        }, iter: 5000);
        // And mutations of real queries, which get past the first checks.
        byte[] seed = DnsMessages.Query("www.parity.test", 1, ednsSize: 1232);
        Gen.Select(Gen.Int[0, seed.Length - 1], Gen.Byte, Gen.Int[0, seed.Length]).Array[1, 4].Sample(edits =>
        {
            byte[] query = (byte[])seed.Clone();
            int cut = query.Length;
            foreach ((int at, byte value, int end) in edits)
            {
                query[at] = value;
                cut = Math.Min(cut, Math.Max(end, 1));
            }
            byte[] buffer = new byte[2048];
            query.AsSpan(0, cut).CopyTo(buffer);
            Assert.InRange(Parity.Value.Answer(buffer, cut, out _), 0, buffer.Length);
        }, iter: 5000);
    }
}

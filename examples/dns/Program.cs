// fastpath-dns: an authoritative DNS server on the fast path. The server's command line comes with the query path; until then this prints the planned usage.
Console.Error.WriteLine("usage: fastpath-dns --zone FILE [--zone FILE...] [--port URI...] [--ip ADDR...] [--cores LIST] [--rrl N] [--stats]");
Console.Error.WriteLine("fastpath-dns: the server is not built yet; the zone reader is in Zones/ (ZoneFile.Parse).");
return 2;

// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * The XDP program of Fastpath's af_xdp port: it sends the traffic the application claims to the
 * AF_XDP socket bound to the receive queue (through the XSKMAP) and passes everything else to the
 * kernel with XDP_PASS, so ARP, ICMP, TCP and management traffic keep working through the normal
 * stack: the kernel is the slow path.
 *
 * What is claimed lives in the one-entry array map fp_claims, written by the port before it
 * attaches the program (and, when the maps are pinned, by anyone with bpftool while it runs):
 * flags for whole protocols, and a bitmap of UDP and of TCP destination ports.
 *
 * Built by src/Xdp/build.sh (clang -target bpf), which scripts/setup.sh runs; the object is never
 * committed. Field names and numbers here are mirrored in src/Runtime/Ports/AfXdp/XdpProgram.cs.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define FP_CLAIM_ALL   (1u << 0) /* every frame: no slow path at all (an L2 forwarder) */
#define FP_CLAIM_UDP   (1u << 1) /* every UDP datagram over IPv4 or IPv6 */
#define FP_CLAIM_TCP   (1u << 2) /* every TCP segment over IPv4 or IPv6 */
#define FP_CLAIM_ARP   (1u << 3) /* ARP: the application answers it itself */
#define FP_CLAIM_ICMP  (1u << 4) /* ICMPv4 */
#define FP_CLAIM_ICMP6 (1u << 5) /* ICMPv6, neighbour discovery included */

#define FP_STAT_PASSED     0 /* not claimed: given to the kernel */
#define FP_STAT_REDIRECTED 1 /* claimed and sent to the socket of its queue */
#define FP_STAT_UNBOUND    2 /* claimed, but no socket on its queue: given to the kernel */
#define FP_STAT_COUNT      3

#define FP_MAX_QUEUES 256

struct fp_claim {
	__u32 flags;
	__u32 reserved;
	__u8 udp_ports[8192]; /* bit (port & 7) of byte (port >> 3): UDP destination port claimed */
	__u8 tcp_ports[8192]; /* the same for TCP */
};

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, FP_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} fp_xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fp_claim);
} fp_claims SEC(".maps");

/* Per CPU, so that counting costs no atomic operation and no shared cache line. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FP_STAT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} fp_stats SEC(".maps");

static __always_inline void fp_count(__u32 stat)
{
	__u64 *value = bpf_map_lookup_elem(&fp_stats, &stat);
	if (value)
		*value += 1;
}

static __always_inline int fp_port_claimed(const __u8 *bitmap, __u16 port_be)
{
	__u32 port = bpf_ntohs(port_be);
	/* The mask proves the index in bounds to the verifier (a byte swap leaves it unknown). */
	return bitmap[(port >> 3) & 8191] & (1u << (port & 7));
}

static __always_inline int fp_l4_claimed(const struct fp_claim *claim, __u8 protocol, void *l4, void *end)
{
	if (protocol == IPPROTO_UDP) {
		struct udphdr *udp = l4;
		if (claim->flags & FP_CLAIM_UDP)
			return 1;
		if ((void *)(udp + 1) > end)
			return 0;
		return fp_port_claimed(claim->udp_ports, udp->dest);
	}
	if (protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = l4;
		if (claim->flags & FP_CLAIM_TCP)
			return 1;
		if ((void *)(tcp + 1) > end)
			return 0;
		return fp_port_claimed(claim->tcp_ports, tcp->dest);
	}
	if (protocol == IPPROTO_ICMP)
		return claim->flags & FP_CLAIM_ICMP;
	if (protocol == IPPROTO_ICMPV6)
		return claim->flags & FP_CLAIM_ICMP6;
	return 0;
}

static __always_inline int fp_claimed(const struct fp_claim *claim, void *data, void *end)
{
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return 0;
	__u16 proto = eth->h_proto;
	void *next = eth + 1;

	/* Up to two VLAN tags (802.1Q, or QinQ with an 802.1ad outer tag). */
#pragma unroll
	for (int i = 0; i < 2; i++) {
		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if (next + 4 > end)
			return 0;
		proto = *(__u16 *)(next + 2);
		next += 4;
	}

	if (proto == bpf_htons(ETH_P_ARP))
		return claim->flags & FP_CLAIM_ARP;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = next;
		if ((void *)(ip + 1) > end || ip->ihl < 5)
			return 0;
		/* Fragments go to the kernel, which reassembles them: only the first carries the ports. */
		if (ip->frag_off & bpf_htons(0x3fff))
			return 0;
		return fp_l4_claimed(claim, ip->protocol, (void *)ip + ip->ihl * 4, end);
	}

	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = next;
		if ((void *)(ip6 + 1) > end)
			return 0;
		/* Extension headers (fragments among them) are the kernel's business. */
		return fp_l4_claimed(claim, ip6->nexthdr, ip6 + 1, end);
	}
	return 0;
}

SEC("xdp")
int fastpath_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	struct fp_claim *claim = bpf_map_lookup_elem(&fp_claims, &zero);

	if (!claim || !((claim->flags & FP_CLAIM_ALL) || fp_claimed(claim, data, end))) {
		fp_count(FP_STAT_PASSED);
		return XDP_PASS;
	}
	/* XDP_PASS as the fallback: a claimed frame on a queue with no socket still reaches the kernel. */
	int action = bpf_redirect_map(&fp_xsks, ctx->rx_queue_index, XDP_PASS);
	fp_count(action == XDP_REDIRECT ? FP_STAT_REDIRECTED : FP_STAT_UNBOUND);
	return action;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";

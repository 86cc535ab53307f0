// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * xdpgen: a UDP traffic generator for veth benchmarks, as fast as the kernel can send. It runs a
 * two-instruction XDP program (return XDP_TX) through BPF_PROG_RUN in live-frames mode
 * (BPF_F_TEST_XDP_LIVE_FRAMES, Linux 5.18+), so each frame goes out of IFNAME by the driver's
 * ndo_xdp_xmit with no skb and no syscall per packet: the same trick as xdp-trafficgen, which
 * Debian 12's xdp-tools cannot load on newer kernels (it needs a tracepoint they renamed).
 *
 * On veth, frames sent this way reach the peer only when the peer runs XDP (an af_xdp port does)
 * or has GRO on (ethtool -K PEER gro on): the same rule as for any XDP_TX/redirect into a veth.
 *
 *   xdpgen IFNAME DST_MAC SRC_MAC DST_IP SRC_IP DST_PORT COUNT [FRAME_BYTES] [FLOWS]
 *
 * Sends COUNT frames of FRAME_BYTES (default 64, without FCS: 60 on the wire) to DST_IP:DST_PORT,
 * source ports cycling over FLOWS (default 1) values, and prints the rate it achieved.
 * Build: cc -O2 -o xdpgen xdpgen.c -lbpf (scripts/bench-af-xdp.sh does).
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int parse_mac(const char *text, uint8_t mac[6])
{
	return sscanf(text, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

static uint16_t checksum(const uint8_t *data, int length)
{
	uint32_t sum = 0;
	for (int i = 0; i + 1 < length; i += 2)
		sum += (uint32_t)data[i] << 8 | data[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 8) {
		fprintf(stderr, "usage: xdpgen IFNAME DST_MAC SRC_MAC DST_IP SRC_IP DST_PORT COUNT [FRAME_BYTES] [FLOWS]\n");
		return 2;
	}
	unsigned ifindex = if_nametoindex(argv[1]);
	uint8_t frame[1514] = {0};
	struct in_addr dst, src;
	int size = argc > 8 ? atoi(argv[8]) : 64;
	int flows = argc > 9 ? atoi(argv[9]) : 1;
	unsigned long long count = strtoull(argv[7], NULL, 10);
	if (!ifindex || parse_mac(argv[2], frame) || parse_mac(argv[3], frame + 6) || !inet_aton(argv[4], &dst) ||
	    !inet_aton(argv[5], &src) || size < 60 || size > 1514 || flows < 1 || flows > 65535) {
		fprintf(stderr, "xdpgen: bad argument (interface %s: index %u)\n", argv[1], ifindex);
		return 2;
	}
	frame[12] = 0x08;
	uint8_t *ip = frame + 14;
	ip[0] = 0x45;
	ip[2] = (size - 14) >> 8;
	ip[3] = (size - 14) & 0xff;
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	uint16_t sum = checksum(ip, 20);
	ip[10] = sum >> 8;
	ip[11] = sum & 0xff;
	uint8_t *udp = ip + 20;
	int port = atoi(argv[6]);
	udp[2] = port >> 8;
	udp[3] = port & 0xff;
	udp[4] = (size - 34) >> 8;
	udp[5] = (size - 34) & 0xff;

	struct bpf_insn program[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_TX },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "xdpgen", "GPL", program, 2, NULL);
	if (fd < 0) {
		fprintf(stderr, "xdpgen: loading the program failed: %s (root needed)\n", strerror(errno));
		return 1;
	}
	struct xdp_md context = { .data_end = size, .ingress_ifindex = ifindex };
	unsigned long long sent = 0;
	double start = now();
	for (int runs = 0; sent < count; runs++) {
		/* Each run repeats one frame, so flows take turns by run (enough for RSS over a few queues). */
		int flow = runs % flows;
		udp[0] = (10000 + flow) >> 8;
		udp[1] = (10000 + flow) & 0xff;
		unsigned long long chunk = count - sent < 262144 ? count - sent : 262144;
		LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = frame, .data_size_in = size, .ctx_in = &context,
			    .ctx_size_in = sizeof(context), .repeat = (unsigned)chunk, .flags = BPF_F_TEST_XDP_LIVE_FRAMES,
			    .batch_size = 64);
		if (bpf_prog_test_run_opts(fd, &run) != 0) {
			fprintf(stderr, "xdpgen: BPF_PROG_RUN failed: %s (Linux 5.18+ needed for live frames)\n", strerror(errno));
			return 1;
		}
		sent += chunk;
	}
	double seconds = now() - start;
	printf("xdpgen: sent %llu frames of %d bytes out of %s in %.2f s: %.2f Mpps\n", sent, size, argv[1], seconds, sent / seconds / 1e6);
	return 0;
}

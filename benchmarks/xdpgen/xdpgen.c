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
 *   xdpgen [-t SECONDS] [-d] IFNAME DST_MAC SRC_MAC DST_IP SRC_IP DST_PORT COUNT [FRAME_BYTES] [FLOWS]
 *
 * Sends COUNT frames of FRAME_BYTES (default 64, without FCS: 60 on the wire) to DST_IP:DST_PORT,
 * source ports cycling over FLOWS (default 1) values, and prints the rate it achieved. With -t it
 * stops after SECONDS as well (COUNT 0: no count limit) and prints the rate of every second, so a
 * benchmark can read the generator's steady rate over the same seconds as the receiver's. SIGINT or
 * SIGTERM ends the run early, still with the summary line. With -d it also drops whatever arrives on
 * IFNAME, with an XDP_DROP program attached through a BPF link for as long as it runs (the link goes
 * when the process does, even killed): a forwarding benchmark's frames then end at the cheapest point
 * veth offers instead of climbing the peer namespace's stack on the forwarder's core.
 * Build: cc -O2 -o xdpgen xdpgen.c -lbpf (benchmarks/af-xdp-rxdrop.sh and ports.sh do).
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <signal.h>
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

static volatile sig_atomic_t stopping;

static void on_signal(int signal)
{
	(void)signal;
	stopping = 1;
}

int main(int argc, char **argv)
{
	double limit = 0;
	int sink = 0;
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-t") == 0 && argc > 2) {
			limit = atof(argv[2]);
			if (limit <= 0) {
				fprintf(stderr, "xdpgen: -t needs a positive number of seconds, not '%s'\n", argv[2]);
				return 2;
			}
			argv += 2;
			argc -= 2;
		} else if (strcmp(argv[1], "-d") == 0) {
			sink = 1;
			argv++;
			argc--;
		} else {
			break;
		}
	}
	if (argc < 8) {
		fprintf(stderr, "usage: xdpgen [-t SECONDS] [-d] IFNAME DST_MAC SRC_MAC DST_IP SRC_IP DST_PORT COUNT [FRAME_BYTES] [FLOWS]\n");
		return 2;
	}
	unsigned ifindex = if_nametoindex(argv[1]);
	uint8_t frame[1514] = {0};
	struct in_addr dst, src;
	int size = argc > 8 ? atoi(argv[8]) : 64;
	int flows = argc > 9 ? atoi(argv[9]) : 1;
	unsigned long long count = strtoull(argv[7], NULL, 10);
	if (count == 0 && limit > 0)
		count = ~0ULL;
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
	if (sink) {
		struct bpf_insn drop[] = {
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_DROP },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		LIBBPF_OPTS(bpf_prog_load_opts, load, .expected_attach_type = BPF_XDP);
		int drop_fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "xdpgen_drop", "GPL", drop, 2, &load);
		/* Kept open until exit: the program stays attached as long as its link has a descriptor. */
		if (drop_fd < 0 || bpf_link_create(drop_fd, ifindex, BPF_XDP, NULL) < 0) {
			fprintf(stderr, "xdpgen: attaching the drop program to %s failed: %s (another XDP program there? 'ip link set dev %s xdp off')\n",
				argv[1], strerror(errno), argv[1]);
			return 1;
		}
	}
	/* No SA_RESTART: a signal interrupts BPF_PROG_RUN (EINTR), which ends the loop below. */
	struct sigaction action = { .sa_handler = on_signal };
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	struct xdp_md context = { .data_end = size, .ingress_ifindex = ifindex };
	unsigned long long sent = 0, reported = 0;
	/* A timed run sends in smaller chunks, so that it stops close to its limit and reports each second on time. */
	unsigned long long most = limit > 0 ? 32768 : 262144;
	double start = now(), last = start;
	for (int runs = 0; sent < count && !stopping; runs++) {
		/* Each run repeats one frame, so flows take turns by run (enough for RSS over a few queues). */
		int flow = runs % flows;
		udp[0] = (10000 + flow) >> 8;
		udp[1] = (10000 + flow) & 0xff;
		unsigned long long chunk = count - sent < most ? count - sent : most;
		LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = frame, .data_size_in = size, .ctx_in = &context,
			    .ctx_size_in = sizeof(context), .repeat = (unsigned)chunk, .flags = BPF_F_TEST_XDP_LIVE_FRAMES,
			    .batch_size = 64);
		if (bpf_prog_test_run_opts(fd, &run) != 0) {
			if (errno == EINTR && stopping)
				break; /* how many frames of the interrupted chunk went out is not known: they are left out */
			fprintf(stderr, "xdpgen: BPF_PROG_RUN failed: %s (Linux 5.18+ needed for live frames)\n", strerror(errno));
			return 1;
		}
		sent += chunk;
		if (limit > 0) {
			double t = now();
			if (t - last >= 1.0) {
				printf("xdpgen: %.1f s: %.2f Mpps\n", t - start, (sent - reported) / (t - last) / 1e6);
				fflush(stdout);
				reported = sent;
				last = t;
			}
			if (t - start >= limit)
				break;
		}
	}
	double seconds = now() - start;
	printf("xdpgen: sent %llu frames of %d bytes out of %s in %.2f s: %.2f Mpps\n", sent, size, argv[1], seconds, sent / seconds / 1e6);
	return 0;
}

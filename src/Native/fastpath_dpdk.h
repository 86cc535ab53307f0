/* libfastpath_dpdk: thin exported wrappers over DPDK 22.11 for Fastpath's managed DpdkPort.
 *
 * DPDK's fast path (rx/tx burst, mbuf bulk get/put) is static inline in its headers, so managed
 * code cannot call it directly. Each fp_ function does one operation, takes fixed-width types and
 * names what it wraps. Errors: functions returning int32_t give 0 or a negative errno value
 * (-rte_errno where DPDK sets it); fp_strerror and fp_log_tail turn that into text.
 *
 * Every mbuf of a pool made by fp_mempool_create carries a Fastpath BufferDescriptor (struct
 * fp_descriptor, 64 bytes) in its private area, right after struct rte_mbuf. Managed code sees
 * only descriptor pointers: rx fills the descriptor from the mbuf, tx writes it back.
 */
#ifndef FASTPATH_DPDK_H
#define FASTPATH_DPDK_H

#include <stdint.h>

#define FP_EXPORT __attribute__((visibility("default")))

/* The most packets one fp_rx_burst / fp_tx_burst call moves (two of the runtime's bursts of 32). */
#define FP_MAX_BURST 64

/* Fastpath.BufferDescriptor, field for field (src/Runtime/Buffers/BufferDescriptor.cs). */
struct fp_descriptor {
    uint8_t *room;
    int64_t timestamp;
    uint32_t rss_hash;
    uint16_t data_offset;
    uint16_t length;
    uint16_t capacity;
    uint16_t port;
    uint16_t queue;
    uint16_t default_headroom;
    uint8_t spare[32];
};

/* Counters of one ethdev, from struct rte_eth_stats. */
struct fp_port_stats {
    uint64_t ipackets;
    uint64_t opackets;
    uint64_t ibytes;
    uint64_t obytes;
    uint64_t imissed;
    uint64_t ierrors;
    uint64_t oerrors;
    uint64_t rx_nombuf;
};

/* rte_eal_init(argc, argv), with DPDK's log teed into a buffer for fp_log_tail; the calling
 * thread's CPU affinity is put back afterwards (EAL pins it to the main lcore, and every thread
 * the managed runtime starts later would inherit that pin). Returns 0 or -rte_errno. */
FP_EXPORT int32_t fp_eal_init(int32_t argc, char **argv);

/* rte_strerror(-error): DPDK's text for an error code returned by an fp_ function. */
FP_EXPORT const char *fp_strerror(int32_t error);

/* Copy the last DPDK log lines (at most size - 1 bytes, NUL-terminated) into text; returns the length. */
FP_EXPORT int32_t fp_log_tail(char *text, int32_t size);

/* Forget the log lines kept so far, so that the next fp_log_tail shows only what follows. */
FP_EXPORT void fp_log_clear(void);

/* rte_thread_register(): give the calling thread an lcore id, so mempool per-lcore caches serve it.
 * Does nothing for a thread that has one. Returns 0 or -rte_errno. */
FP_EXPORT int32_t fp_thread_register(void);

/* rte_vdev_init(name, args): create a virtual device (net_ring0, net_null0, net_af_packet0...). */
FP_EXPORT int32_t fp_vdev_create(const char *name, const char *args);

/* rte_vdev_uninit(name): remove a virtual device made by fp_vdev_create (closes its ethdev). */
FP_EXPORT int32_t fp_vdev_remove(const char *name);

/* rte_eth_dev_get_port_by_name(name, port). */
FP_EXPORT int32_t fp_port_by_name(const char *name, uint16_t *port);

/* rte_eth_dev_get_name_by_port(port, name): name must hold 64 bytes (RTE_ETH_NAME_MAX_LEN). */
FP_EXPORT int32_t fp_port_name(uint16_t port, char *name);

/* rte_eth_dev_count_avail(). */
FP_EXPORT uint16_t fp_port_count(void);

/* rte_pktmbuf_pool_create(name, count, cache, sizeof(struct fp_descriptor), room, SOCKET_ID_ANY),
 * then rte_mempool_obj_iter to fill each mbuf's descriptor. Returns the pool or NULL (see fp_errno). */
FP_EXPORT void *fp_mempool_create(const char *name, uint32_t count, uint32_t cache, uint16_t room);

/* rte_mempool_free(pool). */
FP_EXPORT void fp_mempool_free(void *pool);

/* rte_mempool_avail_count(pool): free mbufs, per-lcore caches included. */
FP_EXPORT uint32_t fp_mempool_available(void *pool);

/* Whether address lies in one of pool's memory chunks (its mem_list, as rte_mempool_mem_iter walks
 * it): safe for any pointer, unlike reading an mbuf header in front of a buffer that is not one. */
FP_EXPORT int32_t fp_mempool_owns(void *pool, const void *address);

/* rte_errno, for a function that returned NULL. */
FP_EXPORT int32_t fp_errno(void);

/* rte_eth_dev_configure(port, rx_queues, tx_queues, conf) with a default conf (no offloads, no RSS). */
FP_EXPORT int32_t fp_port_configure(uint16_t port, uint16_t rx_queues, uint16_t tx_queues);

/* rte_eth_dev_adjust_nb_rx_tx_desc(port, rx, tx): round the ring sizes to what the device takes. */
FP_EXPORT int32_t fp_port_adjust_rings(uint16_t port, uint16_t *rx_descriptors, uint16_t *tx_descriptors);

/* rte_eth_rx_queue_setup(port, queue, descriptors, socket of the port, NULL, pool). */
FP_EXPORT int32_t fp_rx_queue_setup(uint16_t port, uint16_t queue, uint16_t descriptors, void *pool);

/* rte_eth_tx_queue_setup(port, queue, descriptors, socket of the port, NULL). */
FP_EXPORT int32_t fp_tx_queue_setup(uint16_t port, uint16_t queue, uint16_t descriptors);

/* rte_eth_dev_start(port). */
FP_EXPORT int32_t fp_port_start(uint16_t port);

/* rte_eth_dev_stop(port). */
FP_EXPORT int32_t fp_port_stop(uint16_t port);

/* rte_eth_dev_close(port). */
FP_EXPORT int32_t fp_port_close(uint16_t port);

/* rte_eth_promiscuous_enable(port); -ENOTSUP from devices that have no such mode. */
FP_EXPORT int32_t fp_port_promiscuous(uint16_t port);

/* rte_eth_macaddr_get(port, mac): mac must hold 6 bytes. */
FP_EXPORT int32_t fp_port_mac(uint16_t port, uint8_t *mac);

/* rte_eth_stats_get(port, stats). */
FP_EXPORT int32_t fp_port_stats(uint16_t port, struct fp_port_stats *stats);

/* rte_eth_rx_burst(port, queue, out, n), then each mbuf's descriptor filled (room, data offset,
 * length, capacity, RSS hash, and port_tag/queue as the Fastpath port and queue) and its pointer
 * stored in out. Chained (multi-segment) mbufs are freed and counted in *chained, not returned.
 * n is at most FP_MAX_BURST. Returns how many descriptors are in out. */
FP_EXPORT uint16_t fp_rx_burst(uint16_t port, uint16_t queue, uint16_t port_tag,
                               struct fp_descriptor **out, uint16_t n, uint16_t *chained);

/* Each descriptor's data offset and length written back into its mbuf (data_off, data_len,
 * pkt_len), then rte_eth_tx_burst(port, queue, mbufs, n). n is at most FP_MAX_BURST. Returns how
 * many the device took, from the front; the caller still owns the rest. */
FP_EXPORT uint16_t fp_tx_burst(uint16_t port, uint16_t queue, struct fp_descriptor *const *in, uint16_t n);

/* rte_pktmbuf_alloc_bulk(pool, mbufs, n), descriptors reset, their pointers stored in out: all n or none.
 * Returns 0 or -ENOENT. */
FP_EXPORT int32_t fp_mbuf_alloc_bulk(void *pool, struct fp_descriptor **out, uint32_t n);

/* rte_pktmbuf_free_bulk of the mbufs behind n descriptors. */
FP_EXPORT void fp_mbuf_free_bulk(struct fp_descriptor *const *in, uint32_t n);

#endif

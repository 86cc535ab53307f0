/* libfastpath_dpdk: see fastpath_dpdk.h. One operation per function; no policy lives here. */
#define _GNU_SOURCE
#include "fastpath_dpdk.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_bus_vdev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

/* The managed BufferDescriptor is 64 bytes with these offsets; PacketBuffer reads them directly. */
static_assert(sizeof(void *) == 8, "64-bit only: descriptors hold a pointer in 8 bytes");
static_assert(sizeof(struct fp_descriptor) == 64, "BufferDescriptor is one 64-byte cache line");
static_assert(offsetof(struct fp_descriptor, room) == 0, "BufferDescriptor.Room");
static_assert(offsetof(struct fp_descriptor, timestamp) == 8, "BufferDescriptor.Timestamp");
static_assert(offsetof(struct fp_descriptor, rss_hash) == 16, "BufferDescriptor.RssHash");
static_assert(offsetof(struct fp_descriptor, data_offset) == 20, "BufferDescriptor.DataOffset");
static_assert(offsetof(struct fp_descriptor, length) == 22, "BufferDescriptor.Length");
static_assert(offsetof(struct fp_descriptor, capacity) == 24, "BufferDescriptor.Capacity");
static_assert(offsetof(struct fp_descriptor, port) == 26, "BufferDescriptor.Port");
static_assert(offsetof(struct fp_descriptor, queue) == 28, "BufferDescriptor.Queue");
static_assert(offsetof(struct fp_descriptor, default_headroom) == 30, "BufferDescriptor.DefaultHeadroom");
static_assert(sizeof(struct fp_port_stats) == 64, "DpdkNative.PortStats mirrors this layout");

/* The descriptor sits in the mbuf's private area, which starts right after struct rte_mbuf
 * (rte_mbuf_to_priv); going back from a descriptor to its mbuf subtracts that size. Two cache
 * lines in 22.11: a multiple of 64 keeps the descriptor on a cache line of its own. */
static_assert(sizeof(struct rte_mbuf) == 2 * RTE_CACHE_LINE_MIN_SIZE, "struct rte_mbuf is two cache lines in DPDK 22.11");
static_assert(sizeof(struct rte_mbuf) % 64 == 0, "descriptor must start a cache line");
static_assert(sizeof(struct fp_descriptor) % RTE_MBUF_PRIV_ALIGN == 0, "mbuf private size must be RTE_MBUF_PRIV_ALIGN-aligned");
static_assert(RTE_PKTMBUF_HEADROOM <= UINT16_MAX, "headroom fits BufferDescriptor.DefaultHeadroom");
static_assert(RTE_ETH_NAME_MAX_LEN == 64, "fp_port_name's buffer is 64 bytes");
static_assert(RTE_ETHER_ADDR_LEN == 6, "fp_port_mac writes 6 bytes");

static inline struct fp_descriptor *descriptor_of(struct rte_mbuf *m)
{
    return (struct fp_descriptor *)rte_mbuf_to_priv(m);
}

static inline struct rte_mbuf *mbuf_of(struct fp_descriptor *d)
{
    return (struct rte_mbuf *)((uint8_t *)d - sizeof(struct rte_mbuf));
}

/* DPDK's log, teed: every line still goes to stderr, and the last few KB are kept so that a
 * failure can be reported with the reason DPDK logged (rte_errno alone says "Invalid argument"). */
static char log_text[4096];
static size_t log_length;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_stream;

static ssize_t log_write(void *cookie, const char *data, size_t size)
{
    (void)cookie;
    ssize_t written = write(STDERR_FILENO, data, size);
    (void)written;
    pthread_mutex_lock(&log_lock);
    size_t n = size;
    if (n > sizeof log_text - 1) {
        data += n - (sizeof log_text - 1);
        n = sizeof log_text - 1;
    }
    size_t keep = sizeof log_text - 1 - n;
    if (log_length > keep) {
        memmove(log_text, log_text + (log_length - keep), keep);
        log_length = keep;
    }
    memcpy(log_text + log_length, data, n);
    log_length += n;
    log_text[log_length] = '\0';
    pthread_mutex_unlock(&log_lock);
    return (ssize_t)size;
}

int32_t fp_eal_init(int32_t argc, char **argv)
{
    if (log_stream == NULL) {
        cookie_io_functions_t io = { .write = log_write };
        log_stream = fopencookie(NULL, "w", io);
        if (log_stream != NULL) {
            setvbuf(log_stream, NULL, _IOLBF, 0);
            rte_openlog_stream(log_stream);
        }
    }
    cpu_set_t before;
    int saved = pthread_getaffinity_np(pthread_self(), sizeof before, &before) == 0;
    int rc = rte_eal_init(argc, argv);
    int error = rte_errno;
    /* EAL prints its usage with printf on a bad argument: push it out now, before the caller's own
     * output, rather than at exit in the middle of it. */
    fflush(stdout);
    if (saved)
        pthread_setaffinity_np(pthread_self(), sizeof before, &before);
    return rc < 0 ? -(error != 0 ? error : EINVAL) : 0;
}

const char *fp_strerror(int32_t error)
{
    return rte_strerror(error < 0 ? -error : error);
}

int32_t fp_log_tail(char *text, int32_t size)
{
    if (size <= 0)
        return 0;
    if (log_stream != NULL)
        fflush(log_stream);
    pthread_mutex_lock(&log_lock);
    size_t n = log_length < (size_t)size - 1 ? log_length : (size_t)size - 1;
    memcpy(text, log_text + (log_length - n), n);
    text[n] = '\0';
    pthread_mutex_unlock(&log_lock);
    return (int32_t)n;
}

void fp_log_clear(void)
{
    if (log_stream != NULL)
        fflush(log_stream);
    pthread_mutex_lock(&log_lock);
    log_length = 0;
    log_text[0] = '\0';
    pthread_mutex_unlock(&log_lock);
}

int32_t fp_thread_register(void)
{
    if (rte_lcore_id() != LCORE_ID_ANY)
        return 0;
    return rte_thread_register() == 0 ? 0 : -rte_errno;
}

int32_t fp_vdev_create(const char *name, const char *args)
{
    return rte_vdev_init(name, args);
}

int32_t fp_vdev_remove(const char *name)
{
    return rte_vdev_uninit(name);
}

int32_t fp_port_by_name(const char *name, uint16_t *port)
{
    return rte_eth_dev_get_port_by_name(name, port);
}

int32_t fp_port_name(uint16_t port, char *name)
{
    return rte_eth_dev_get_name_by_port(port, name);
}

uint16_t fp_port_count(void)
{
    return rte_eth_dev_count_avail();
}

static void descriptor_init(struct rte_mempool *pool, void *arg, void *object, unsigned index)
{
    (void)pool;
    (void)arg;
    (void)index;
    struct rte_mbuf *m = object;
    struct fp_descriptor *d = descriptor_of(m);
    memset(d, 0, sizeof *d);
    d->room = m->buf_addr;
    d->capacity = m->buf_len;
    d->default_headroom = m->data_off;
    d->data_offset = m->data_off;
}

void *fp_mempool_create(const char *name, uint32_t count, uint32_t cache, uint16_t room)
{
    struct rte_mempool *pool = rte_pktmbuf_pool_create(name, count, cache, sizeof(struct fp_descriptor), room, SOCKET_ID_ANY);
    if (pool != NULL)
        rte_mempool_obj_iter(pool, descriptor_init, NULL);
    return pool;
}

void fp_mempool_free(void *pool)
{
    rte_mempool_free(pool);
}

uint32_t fp_mempool_available(void *pool)
{
    return rte_mempool_avail_count(pool);
}

int32_t fp_mempool_owns(void *pool, const void *address)
{
    const struct rte_mempool *mp = pool;
    const struct rte_mempool_memhdr *chunk;
    const uint8_t *a = address;
    STAILQ_FOREACH(chunk, &mp->mem_list, next) {
        const uint8_t *start = chunk->addr;
        if (a >= start && a < start + chunk->len)
            return 1;
    }
    return 0;
}

int32_t fp_errno(void)
{
    return rte_errno;
}

int32_t fp_port_configure(uint16_t port, uint16_t rx_queues, uint16_t tx_queues)
{
    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof conf);
    return rte_eth_dev_configure(port, rx_queues, tx_queues, &conf);
}

int32_t fp_port_adjust_rings(uint16_t port, uint16_t *rx_descriptors, uint16_t *tx_descriptors)
{
    return rte_eth_dev_adjust_nb_rx_tx_desc(port, rx_descriptors, tx_descriptors);
}

int32_t fp_rx_queue_setup(uint16_t port, uint16_t queue, uint16_t descriptors, void *pool)
{
    /* SOCKET_ID_ANY (-1) for a device of no known socket, which the setup takes as "any". */
    return rte_eth_rx_queue_setup(port, queue, descriptors, (unsigned int)rte_eth_dev_socket_id(port), NULL, pool);
}

int32_t fp_tx_queue_setup(uint16_t port, uint16_t queue, uint16_t descriptors)
{
    return rte_eth_tx_queue_setup(port, queue, descriptors, (unsigned int)rte_eth_dev_socket_id(port), NULL);
}

int32_t fp_port_start(uint16_t port)
{
    return rte_eth_dev_start(port);
}

int32_t fp_port_stop(uint16_t port)
{
    return rte_eth_dev_stop(port);
}

int32_t fp_port_close(uint16_t port)
{
    return rte_eth_dev_close(port);
}

int32_t fp_port_promiscuous(uint16_t port)
{
    return rte_eth_promiscuous_enable(port);
}

int32_t fp_port_mac(uint16_t port, uint8_t *mac)
{
    struct rte_ether_addr address;
    int rc = rte_eth_macaddr_get(port, &address);
    if (rc == 0)
        memcpy(mac, address.addr_bytes, RTE_ETHER_ADDR_LEN);
    return rc;
}

int32_t fp_port_stats(uint16_t port, struct fp_port_stats *stats)
{
    struct rte_eth_stats s;
    int rc = rte_eth_stats_get(port, &s);
    if (rc != 0)
        return rc;
    stats->ipackets = s.ipackets;
    stats->opackets = s.opackets;
    stats->ibytes = s.ibytes;
    stats->obytes = s.obytes;
    stats->imissed = s.imissed;
    stats->ierrors = s.ierrors;
    stats->oerrors = s.oerrors;
    stats->rx_nombuf = s.rx_nombuf;
    return 0;
}

uint16_t fp_rx_burst(uint16_t port, uint16_t queue, uint16_t port_tag,
                     struct fp_descriptor **out, uint16_t n, uint16_t *chained)
{
    /* The PMD writes mbuf pointers into out; each slot is then overwritten with its descriptor. */
    struct rte_mbuf **mbufs = (struct rte_mbuf **)out;
    uint16_t received = rte_eth_rx_burst(port, queue, mbufs, n > FP_MAX_BURST ? FP_MAX_BURST : n);
    uint16_t kept = 0;
    uint16_t dropped = 0;
    for (uint16_t i = 0; i < received; i++) {
        struct rte_mbuf *m = mbufs[i];
        if (unlikely(m->nb_segs != 1)) {
            /* A PacketBuffer is one contiguous room; a chain would need a copy. Queues are set up
             * without scatter, so only an oversized frame from a PMD that chains anyway lands here. */
            rte_pktmbuf_free(m);
            dropped++;
            continue;
        }
        struct fp_descriptor *d = descriptor_of(m);
        /* Room and capacity again, not only at pool creation: a PMD may attach an external buffer. */
        d->room = m->buf_addr;
        d->capacity = m->buf_len;
        d->data_offset = m->data_off;
        d->length = m->data_len;
        d->port = port_tag;
        d->queue = queue;
        d->rss_hash = (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) ? m->hash.rss : 0;
        d->timestamp = 0;
        out[kept++] = d;
    }
    *chained = dropped;
    return kept;
}

uint16_t fp_tx_burst(uint16_t port, uint16_t queue, struct fp_descriptor *const *in, uint16_t n)
{
    struct rte_mbuf *mbufs[FP_MAX_BURST];
    if (n > FP_MAX_BURST)
        n = FP_MAX_BURST;
    for (uint16_t i = 0; i < n; i++) {
        struct fp_descriptor *d = in[i];
        struct rte_mbuf *m = mbuf_of(d);
        m->data_off = d->data_offset;
        m->data_len = d->length;
        m->pkt_len = d->length;
        mbufs[i] = m;
    }
    return rte_eth_tx_burst(port, queue, mbufs, n);
}

int32_t fp_mbuf_alloc_bulk(void *pool, struct fp_descriptor **out, uint32_t n)
{
    struct rte_mbuf **mbufs = (struct rte_mbuf **)out;
    if (rte_pktmbuf_alloc_bulk(pool, mbufs, n) != 0)
        return -ENOENT;
    for (uint32_t i = 0; i < n; i++) {
        struct rte_mbuf *m = mbufs[i];
        struct fp_descriptor *d = descriptor_of(m);
        d->room = m->buf_addr;
        d->capacity = m->buf_len;
        d->data_offset = d->default_headroom;
        d->length = 0;
        d->port = 0;
        d->queue = 0;
        d->rss_hash = 0;
        d->timestamp = 0;
        out[i] = d;
    }
    return 0;
}

void fp_mbuf_free_bulk(struct fp_descriptor *const *in, uint32_t n)
{
    struct rte_mbuf *mbufs[FP_MAX_BURST];
    while (n > 0) {
        uint32_t chunk = n > FP_MAX_BURST ? FP_MAX_BURST : n;
        for (uint32_t i = 0; i < chunk; i++)
            mbufs[i] = mbuf_of(in[i]);
        rte_pktmbuf_free_bulk(mbufs, chunk);
        in += chunk;
        n -= chunk;
    }
}

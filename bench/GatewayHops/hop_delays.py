#!/usr/bin/env python3
"""How long the gateway holds each WebSocket frame it relays, from a packet capture on loopback.

YARP relays an upgraded connection byte for byte, so a frame's bytes leave the gateway as they came in (a client's
masked frames too). A TCP payload seen going into the gateway on one connection and the same payload coming out on
the other side is one frame's trip through the gateway; the time between the two packets is the gateway's hop.
Payloads that TCP cut or joined differently on the two sides are not matched and not counted.

Usage: hop_delays.py capture.pcap <gateway port> <backend port>
(capture with: tcpdump -i lo -s 400 -w capture.pcap tcp)
"""
import collections
import struct
import sys

STALL_MS = 5


def packets(path):
    """(time in s, source port, destination port, payload) of each IPv4 TCP packet with data, from a pcap file."""
    with open(path, 'rb') as capture:
        header = capture.read(24)
        nanoseconds = struct.unpack('<I', header[:4])[0] == 0xa1b23c4d
        link_header = 14 if struct.unpack('<I', header[20:24])[0] == 1 else 16
        while len(record := capture.read(16)) == 16:
            seconds, fraction, length, _ = struct.unpack('<IIII', record)
            ip = capture.read(length)[link_header:]
            if len(ip) < 20 or ip[0] >> 4 != 4:
                continue
            tcp = ip[(ip[0] & 15) * 4:]
            source, destination = struct.unpack('>HH', tcp[:4])
            payload = bytes(tcp[(tcp[12] >> 4) * 4:])
            if payload:
                yield seconds + fraction / (1e9 if nanoseconds else 1e6), source, destination, payload


def main(path, gateway, backend):
    arrived = {}
    hops = collections.defaultdict(list)
    stalls = []
    for time, source, destination, payload in packets(path):
        if destination == gateway or source == backend:
            arrived[payload] = (time, 'client -> backend' if destination == gateway else 'backend -> client')
        elif destination == backend or source == gateway:
            if (entry := arrived.pop(payload, None)) is not None:
                milliseconds = (time - entry[0]) * 1000
                hops[entry[1]].append(milliseconds)
                if milliseconds > STALL_MS:
                    stalls.append(time)
    for direction, delays in hops.items():
        delays.sort()
        n = len(delays)
        print(f'{direction}: {n} frames, p50 {delays[n // 2]:.3f} p90 {delays[int(n * .9)]:.3f} '
              f'p99 {delays[int(n * .99)]:.3f} max {delays[-1]:.3f} ms')
    if stalls:
        first = min(stalls)
        buckets = sorted({int((time - first) * 100) for time in stalls})
        clusters = []
        for bucket in buckets:
            if clusters and bucket - clusters[-1][1] <= 2:
                clusters[-1][1] = bucket
            else:
                clusters.append([bucket, bucket])
        print(f'frames held over {STALL_MS} ms come in {len(clusters)} clusters (start s / length ms): '
              + ' '.join(f'{start / 100:.2f}/{(end - start + 1) * 10}' for start, end in clusters))


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))

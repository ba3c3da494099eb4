import net from 'node:net';

/**
 * A loopback proxy to the gateway that the test can cut: past `cutAfter` bytes sent upstream, every
 * connection is dropped and new ones are refused (the network went) until `mend()`.
 */
export async function cuttableProxy(gatewayPort: string) {
  let budget = Number.POSITIVE_INFINITY;
  let cut = false;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = net.connect(Number(gatewayPort), '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (data: Buffer) => {
      budget -= data.length;
      if (budget > 0) return void upstream.write(data);
      cut = true;
      cuts++;
      for (const socket of sockets) socket.destroy();
    });
    upstream.on('data', (data: Buffer) => client.write(data));
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    cutAfter: (bytes: number) => (budget = bytes),
    /** The network goes now: open connections are dropped, new ones refused. */
    cutNow: () => {
      cut = true;
      cuts++;
      for (const socket of sockets) socket.destroy();
    },
    mend: () => {
      budget = Number.POSITIVE_INFINITY;
      cut = false;
    },
    get cuts() {
      return cuts;
    },
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

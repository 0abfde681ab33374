import { createConnection, createServer, type Server, type Socket } from "node:net";

/*
 * A TCP relay in front of a MongoDB wire server that counts the messages clients send it:
 * every request of the wire protocol is one message with its length in the first four
 * bytes, and every one waits for the server, so the count is the round trips a piece of
 * work cost.
 */

/** A counting relay: its URI, the requests seen so far, and a way to stop it. */
export interface WireCounter {
  readonly uri: string;
  readonly requests: () => number;
  readonly close: () => Promise<void>;
}

/** Starts a relay to the server at `uri` (host and port taken from it) on a free local port. */
export async function startWireCounter(uri: string): Promise<WireCounter> {
  const target = new URL(uri);
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({
      host: target.hostname,
      port: Number(target.port || 27017),
    });
    sockets.add(client);
    sockets.add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        requests += 1;
        pending = pending.subarray(length);
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    uri: `mongodb://127.0.0.1:${port}/${target.search}`,
    requests: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

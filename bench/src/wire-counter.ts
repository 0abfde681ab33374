import { createConnection, createServer, type Server, type Socket } from "node:net";

/*
 * A TCP relay in front of a MongoDB wire server that counts the messages clients send it:
 * every request of the wire protocol is one message with its length in the first four
 * bytes, and every one waits for the server, so the count is the round trips a piece of
 * work cost.
 */

/** What a relay is told of each whole message, in either direction (to look into them). */
export interface WireObserver {
  /** A request a client sent, before it goes on to the server. */
  readonly request?: (message: Buffer) => void;
  /** A reply the server sent, before it goes on to the client. */
  readonly reply?: (message: Buffer) => void;
}

/**
 * Cuts a byte stream of the wire protocol into whole messages (each starts with its own
 * length), calling `onMessage` with each as soon as all of it has arrived.
 */
const wireMessages = (onMessage: (message: Buffer) => void) => {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk: Buffer): void => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readInt32LE(0);
      if (pending.length < length) break;
      onMessage(pending.subarray(0, length));
      pending = pending.subarray(length);
    }
  };
};

/** A counting relay: its URI, the requests seen so far, and a way to stop it. */
export interface WireCounter {
  readonly uri: string;
  readonly requests: () => number;
  readonly close: () => Promise<void>;
}

/**
 * Starts a relay to the server at `uri` (host and port taken from it) on a free local
 * port; `observer` is shown every whole request and reply.
 */
export async function startWireCounter(
  uri: string,
  observer: WireObserver = {},
): Promise<WireCounter> {
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
    const requestsIn = wireMessages((message) => {
      requests += 1;
      observer.request?.(message);
    });
    client.on("data", (chunk: Buffer) => {
      requestsIn(chunk);
      upstream.write(chunk);
    });
    const onReply = observer.reply;
    if (onReply === undefined) upstream.pipe(client);
    else {
      const repliesIn = wireMessages(onReply);
      upstream.on("data", (chunk: Buffer) => {
        repliesIn(chunk);
        client.write(chunk);
      });
    }
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

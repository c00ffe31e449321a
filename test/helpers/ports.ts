/** Loopback ports for tests: one the OS just handed out and took back. */
import { createServer, type AddressInfo } from "node:net";

/** A loopback TCP port nothing listens on (free a moment ago: for a server to bind, or to be refused). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

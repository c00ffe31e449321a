/**
 * The review server of `hyvve-qa show`: the run's report in review mode at
 * /, the run folder's files everywhere else (never outside it), and the
 * accept API under /_review/api/. It listens on 127.0.0.1 only; guard.ts
 * refuses foreign Hosts and cross-origin or non-JSON POSTs before any route.
 */
import { stat } from "node:fs/promises";
import { relative } from "node:path";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance } from "fastify";
import { z } from "zod";
import { renderHtml } from "../reporters/html.js";
import type { ReviewChange } from "../reporters/html-review.js";
import type { RunResult } from "../results/model.js";
import { AcceptSession, Refusal, type AcceptRoots } from "./accept.js";
import { listFailedImages, type ReviewImage } from "./changes.js";
import { REVIEW_SCRIPT } from "./client.js";
import { refusal } from "./guard.js";
import { insideRunFolder, realInside } from "./paths.js";

export const REVIEW_SCRIPT_PATH = "/_review/review.js";

/** Files of the run folder are shown, never run: a test's HTML or SVG gets an opaque origin. */
const FILE_CSP =
  "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'";

const acceptBody = z.union([
  z.strictObject({ caseId: z.string().max(4000), image: z.string().max(1000) }),
  z.strictObject({ group: z.string().max(1000) }),
]);

export interface ReviewServerOptions {
  run: RunResult;
  roots: AcceptRoots;
  /** 0: any free port. */
  port: number;
}

export interface ReviewServer {
  url: string;
  close(): Promise<void>;
}

/** The images a POST names, found in this run (never a path from the request). */
function select(images: readonly ReviewImage[], body: unknown): ReviewImage[] {
  const parsed = acceptBody.safeParse(body);
  if (!parsed.success)
    throw new Refusal(400, 'send {"caseId": ..., "image": ...} or {"group": ...}');
  const wanted = parsed.data;
  const chosen =
    "group" in wanted
      ? images.filter((i) => i.group === wanted.group)
      : images.filter((i) => i.caseId === wanted.caseId && i.image === wanted.image);
  if (chosen.length === 0) throw new Refusal(404, "no failed image of this run matches");
  return chosen;
}

/** Host/Origin checks, safe headers on every response, JSON errors without stacks. */
function harden(app: FastifyInstance): void {
  app.addHook("onRequest", async (req, reply) => {
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : -1;
    const why = refusal(req.method, req.headers, port);
    if (why) return reply.code(403).send({ error: why });
  });
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "no-referrer");
    reply.header("cross-origin-resource-policy", "same-origin");
    reply.header("cache-control", "no-store");
  });
  app.setErrorHandler(async (error: { statusCode?: number; message?: string }, _req, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send({ error: status < 500 ? error.message : "internal error" });
  });
  app.setNotFoundHandler(async (_req, reply) => reply.code(404).send({ error: "not found" }));
}

/** GET of any other path: a file of the run folder, checked on disk before it is sent. */
function serveRunFolder(app: FastifyInstance, realRunDir: string): void {
  app.get("/*", async (req, reply) => {
    const rel = (req.params as { "*"?: string })["*"] ?? "";
    const lexical = insideRunFolder(realRunDir, rel);
    const real = lexical ? await realInside(realRunDir, lexical) : undefined;
    const isFile = real ? (await stat(real)).isFile() : false;
    if (!real || !isFile) return reply.code(404).send({ error: "not found" });
    reply.header("content-security-policy", FILE_CSP);
    return reply.sendFile(relative(realRunDir, real), realRunDir, { dotfiles: "allow" });
  });
}

/** The review routes: the page, its script, the change list and accept. */
function reviewRoutes(
  app: FastifyInstance,
  run: RunResult,
  images: ReviewImage[],
  session: AcceptSession,
) {
  const changes = (): ReviewChange[] =>
    images.map(({ caseId, title, image, group, baseline }) => ({
      caseId,
      title,
      image,
      group,
      baseline,
      accepted: session.isAccepted({ caseId, image }),
    }));
  app.get("/", async (_req, reply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "frame-ancestors 'none'")
      .send(renderHtml(run, { review: { changes: changes(), scriptSrc: REVIEW_SCRIPT_PATH } })),
  );
  app.get(REVIEW_SCRIPT_PATH, async (_req, reply) =>
    reply.type("text/javascript; charset=utf-8").send(REVIEW_SCRIPT),
  );
  app.get("/_review/api/changes", async () => changes());
  app.get("/_review/api/accepted", async () => session.list());
  app.post("/_review/api/accept", async (req, reply) => {
    try {
      return { accepted: await session.accept(select(images, req.body)) };
    } catch (error) {
      if (error instanceof Refusal) return reply.code(error.status).send({ error: error.message });
      throw error;
    }
  });
}

/** Starts the server on 127.0.0.1; the caller closes it. */
export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const { run, roots } = options;
  const images = await listFailedImages(run, roots.realRunDir);
  const session = new AcceptSession(roots);
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, forceCloseConnections: true });
  harden(app);
  await app.register(fastifyStatic, { root: roots.realRunDir, serve: false });
  reviewRoutes(app, run, images, session);
  serveRunFolder(app, roots.realRunDir);
  await app.listen({ host: "127.0.0.1", port: options.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return { url: `http://127.0.0.1:${port}/`, close: () => app.close() };
}

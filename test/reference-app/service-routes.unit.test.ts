/**
 * The spec's topology in the reference app and in the suites: which service
 * answers which route (fixtures/reference-app/server/service-ports.ts), and
 * which URL a suite sends each route to (suites/shared/target.ts urlFor).
 * The two must agree, or a suite would reach a route through a service that
 * 404s it.
 */
import { describe, expect, it } from "vitest";
import { serves } from "../../fixtures/reference-app/server/service-ports.js";
import { urlFor, type Target } from "../../suites/shared/target.js";

const t: Target = {
  baseUrl: "http://web",
  agentsUrl: "http://agents",
  ccrUrl: "http://ccr",
  token: undefined,
  workspaceId: "ws-qa",
  env: "local",
  startupFaults: [],
};

describe("which service answers a route", () => {
  it.each([
    ["/ccr/route", "http://ccr/ccr/route"],
    ["/ccr/quota?workspace_id=x", "http://ccr/ccr/quota?workspace_id=x"],
    ["/a2a/navi/rpc", "http://agents/a2a/navi/rpc"],
    ["/.well-known/agent-card.json", "http://agents/.well-known/agent-card.json"],
    ["/api/dashboard/widgets", "http://agents/api/dashboard/widgets"],
    ["/metrics", "http://agents/metrics"],
    ["/metrics?x=1", "http://agents/metrics?x=1"],
    ["/metricsfoo", "http://web/metricsfoo"],
    ["/__admin/faults", "http://web/__admin/faults"],
    ["/dashboard", "http://web/dashboard"],
  ])("a suite sends %s to %s", (path, url) => {
    expect(urlFor(path, t)).toBe(url);
  });

  it("every route a suite sends to agents or ccr is one that service serves", () => {
    for (const path of [
      "/a2a/navi/rpc",
      "/.well-known/agent-card.json",
      "/api/approvals",
      "/metrics",
    ])
      expect(serves("agents", path), path).toBe(true);
    for (const path of ["/ccr/route", "/ccr/health", "/__admin/faults"])
      expect(serves("ccr", path), path).toBe(true);
  });

  it("the agents and ccr ports refuse what is not theirs", () => {
    for (const path of ["/dashboard", "/assets/app.js", "/", "/ccr/route", "/metricsx"])
      expect(serves("agents", path), path).toBe(false);
    for (const path of ["/api/dashboard/widgets", "/a2a/navi/rpc", "/metrics", "/dashboard"])
      expect(serves("ccr", path), path).toBe(false);
  });
});

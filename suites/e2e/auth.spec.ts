/**
 * Auth: whoever has no session is turned away everywhere (CONTRACT.md "Seed
 * identity"). A logged-out browser gets the sign-in page instead of
 * /dashboard and /approvals, sees none of their data, and the API calls and
 * the live socket those pages use refuse it; the dashboard API and A2A
 * JSON-RPC answer 401 without a token and with a wrong one.
 *
 * Only "live": a mocked server would prove nothing about whom the real one
 * lets in. Every case only reads, so it runs against any environment. No
 * retries: a refusal must hold the first time, and a pass on retry (flaky)
 * would hide a server that lets strangers in now and then.
 */
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import {
  ApprovalPage,
  DashboardPage,
  expect,
  SignInPage,
  strangerRequest,
  test,
} from "../../fixtures/index.js";
import { leaks, strangers } from "../shared/strangers.js";

interface ProtectedPage {
  path: string;
  /** The API calls the page makes to show its data, and where its data lives in them. */
  apis: Array<{ path: string; list: string }>;
  /** What only a page that loaded its data shows. */
  dataViews: (page: Page) => Locator[];
}

const PAGES: ProtectedPage[] = [
  {
    path: "/dashboard",
    apis: [
      { path: "/api/dashboard/widgets", list: "widgets" },
      { path: "/api/dashboard/alerts", list: "alerts" },
    ],
    dataViews: (page) => {
      const dashboard = new DashboardPage(page);
      return [dashboard.widgetGrid, dashboard.widgets, dashboard.alerts];
    },
  },
  {
    path: "/approvals",
    apis: [{ path: "/api/approvals", list: "items" }],
    dataViews: (page) => {
      const approvals = new ApprovalPage(page);
      return [approvals.approvalQueue, approvals.approvalCards];
    },
  },
];

const RUN = { jsonrpc: "2.0", id: 1, method: "run", params: { task: "auth check" } };

/** Read-only protected endpoints, and the fields only a real answer has. */
const ENDPOINTS = [
  { method: "GET", path: "/api/dashboard/widgets", dataKeys: ["widgets", "version"] },
  { method: "GET", path: "/api/dashboard/alerts", dataKeys: ["alerts"] },
  { method: "GET", path: "/api/dashboard/metrics", dataKeys: ["metrics"] },
  { method: "GET", path: "/api/dashboard/updates?since=0", dataKeys: ["widgets", "version"] },
  { method: "POST", path: "/a2a/navi/rpc", body: RUN, dataKeys: ["result"] },
  { method: "POST", path: "/a2a/dashboard_gateway/rpc", body: RUN, dataKeys: ["result"] },
];

/**
 * The human-readable texts (with a space, 8+ characters) the signed-in user
 * gets from these APIs right now: the data a logged-out page must not show,
 * read from the target itself so that it holds on any environment.
 */
async function dataTexts(api: APIRequestContext, apis: ProtectedPage["apis"]): Promise<string[]> {
  const texts: string[] = [];
  for (const { path, list } of apis) {
    const response = await api.get(path);
    expect(response.status(), `signed-in GET ${path}`).toBe(200);
    const items = ((await response.json()) as Record<string, unknown>)[list];
    texts.push(...stringsIn(items).filter((s) => s.length >= 8 && s.includes(" ")));
  }
  return [...new Set(texts)];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
}

/** What the page's own scripts would get: same origin, this browser's credentials (none). */
function fetchFromPage(page: Page, paths: string[]): Promise<Array<[string, number, string]>> {
  return page.evaluate(
    (all) =>
      Promise.all(
        all.map(async (path): Promise<[string, number, string]> => {
          const response = await fetch(path, {
            credentials: "include",
            headers: { Accept: "application/json" },
          });
          return [path, response.status, await response.text()];
        }),
      ),
    paths,
  );
}

/** Opens the approvals WebSocket from the page, as the queue does, and says whether it got in. */
function openApprovalsSocket(page: Page): Promise<"open" | "refused" | "no answer"> {
  return page.evaluate(
    () =>
      new Promise<"open" | "refused" | "no answer">((resolve) => {
        const url = `${location.origin.replace(/^http/, "ws")}/api/approvals/ws`;
        const socket = new WebSocket(url);
        socket.onopen = () => {
          socket.close();
          resolve("open");
        };
        socket.onerror = () => resolve("refused");
        setTimeout(() => resolve("no answer"), 5_000);
      }),
  );
}

/** Nothing of the signed-in user's data on the page, nor in what its API calls answer it. */
async function expectNoData(page: Page, target: ProtectedPage, secrets: string[]): Promise<void> {
  for (const view of target.dataViews(page)) await expect(view).toHaveCount(0);
  const shown = await page.locator("body").innerText();
  expect(secrets.filter((text) => shown.includes(text))).toEqual([]);
  const answers = await fetchFromPage(
    page,
    target.apis.map((api) => api.path),
  );
  for (const [path, status, body] of answers) {
    expect(status, `GET ${path} from the logged-out page`).toBe(401);
    expect(
      secrets.filter((text) => body.includes(text)),
      path,
    ).toEqual([]);
  }
}

test.describe.configure({ retries: 0 });

test.describe("Auth", () => {
  test.describe("live", () => {
    test.describe("logged out", () => {
      for (const target of PAGES) {
        test(`${target.path} shows the sign-in page and no data`, async ({
          anonymousPage: page,
          api,
        }) => {
          const secrets = await dataTexts(api, target.apis);
          const response = await page.goto(target.path);
          expect(response?.status(), "status of the page itself").toBe(401);
          await new SignInPage(page).expectShown();
          await expectNoData(page, target, secrets);
        });
      }

      test("the approvals live socket refuses a browser without a session", async ({
        anonymousPage: page,
      }) => {
        await page.goto("/approvals");
        expect(await openApprovalsSocket(page)).toBe("refused");
      });
    });

    test.describe("API", () => {
      for (const endpoint of ENDPOINTS) {
        test(`${endpoint.method} ${endpoint.path} answers 401 without a token and with a wrong one, with no data`, async ({
          playwright,
          testUser,
        }) => {
          for (const stranger of strangers(testUser.token)) {
            const client = await strangerRequest(playwright, testUser, stranger.headers);
            try {
              const response = await client.fetch(endpoint.path, {
                method: endpoint.method,
                ...(endpoint.body ? { data: endpoint.body } : {}),
              });
              const text = await response.text();
              expect(response.status(), `${stranger.name}: ${text.slice(0, 200)}`).toBe(401);
              expect(leaks(parseJson(text), text, endpoint.dataKeys), stranger.name).toEqual([]);
            } finally {
              await client.dispose();
            }
          }
        });
      }
    });
  });
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// The few k6 APIs the load scripts use, for the project's type check (tsc
// --noEmit over suites/). k6 itself runs the scripts natively; these
// declarations are not loaded by it. Keep them minimal and truthful.

declare const __ENV: Record<string, string | undefined>;
declare const __VU: number;
declare const __ITER: number;

declare module "k6" {
  export type Checkers<T> = Record<string, (value: T) => boolean>;
  export function check<T>(value: T, checkers: Checkers<T>, tags?: Record<string, string>): boolean;
  export function group<T>(name: string, fn: () => T): T;
  export function sleep(seconds: number): void;
}

declare module "k6/http" {
  export interface RefinedResponse {
    status: number;
    body: string | null;
    headers: Record<string, string>;
    timings: { duration: number; waiting: number };
    error: string;
    json(selector?: string): unknown;
  }
  export interface Params {
    headers?: Record<string, string>;
    tags?: Record<string, string>;
    timeout?: string | number;
  }
  const http: {
    get(url: string, params?: Params): RefinedResponse;
    post(url: string, body?: string | null, params?: Params): RefinedResponse;
  };
  export default http;
}

declare module "k6/metrics" {
  export class Counter {
    constructor(name: string);
    add(value: number, tags?: Record<string, string>): void;
  }
}

declare module "k6/crypto" {
  export function randomBytes(size: number): ArrayBuffer;
}

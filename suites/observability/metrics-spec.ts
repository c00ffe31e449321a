import type { MetricType } from "./prom-text.js";

// The metric families of spec DM-09.2: names, types, labels, buckets.

export interface FamilySpec {
  name: string;
  type: MetricType;
  labels: string[];
  buckets?: number[];
}

export const DM_09_2_FAMILIES: FamilySpec[] = [
  { name: "agentos_info", type: "gauge", labels: ["version", "protocols"] },
  {
    name: "a2a_request_duration_seconds",
    type: "histogram",
    labels: ["agent", "operation", "status"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
  },
  { name: "a2a_requests_total", type: "counter", labels: ["agent", "operation", "status"] },
  { name: "a2a_active_tasks", type: "gauge", labels: ["agent"] },
  {
    name: "a2a_response_size_bytes",
    type: "histogram",
    labels: ["agent"],
    buckets: [100, 500, 1000, 5000, 10000, 50000, 100000],
  },
  { name: "cache_operations_total", type: "counter", labels: ["operation", "result"] },
  {
    name: "cache_latency_seconds",
    type: "histogram",
    labels: ["operation"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1],
  },
  {
    name: "rate_limit_hits_total",
    type: "counter",
    labels: ["endpoint", "workspace_id", "result"],
  },
  { name: "ccr_requests_total", type: "counter", labels: ["provider", "task_type", "status"] },
  {
    name: "ccr_latency_seconds",
    type: "histogram",
    labels: ["provider"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5],
  },
  { name: "ccr_tokens_total", type: "counter", labels: ["provider", "direction"] },
];

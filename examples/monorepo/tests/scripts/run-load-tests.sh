#!/bin/bash
# tests/scripts/run-load-tests.sh (spec DM-09.6)
# Usage: run-load-tests.sh [a2a|dashboard|ccr] [environment] [extra k6 run flags, e.g. --vus 2 --duration 6s]
# Reads BASE_URL (and WEB_URL, CCR_URL, AUTH_TOKEN, WORKSPACE_ID) from the environment.

set -e

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOAD_DIR="$SCRIPT_DIR/../load"
RESULTS_DIR="$LOAD_DIR/results"

# Ensure results directory exists
mkdir -p "$RESULTS_DIR"

# Default values
TEST_TYPE="${1:-a2a}"
ENVIRONMENT="${2:-development}"
shift $(( $# < 2 ? $# : 2 ))
BASE_URL="${BASE_URL:-http://localhost:7777}"

echo "=== Running Load Tests ==="
echo "Test: $TEST_TYPE"
echo "Environment: $ENVIRONMENT"
echo "Base URL: $BASE_URL"
echo ""

# Select test file
case "$TEST_TYPE" in
  "a2a")
    TEST_FILE="$LOAD_DIR/k6/a2a-endpoints.js"
    ;;
  "dashboard")
    TEST_FILE="$LOAD_DIR/k6/dashboard-flow.js"
    ;;
  "ccr")
    TEST_FILE="$LOAD_DIR/k6/ccr-routing.js"
    ;;
  *)
    echo "Unknown test type: $TEST_TYPE"
    echo "Available: a2a, dashboard, ccr"
    exit 1
    ;;
esac

# Run k6 (from tests/load, where handleSummary writes results/<name>-summary.json)
TIMESTAMP=$(date +%Y%m%d-%H%M%S)
RESULT_FILE="$RESULTS_DIR/${TEST_TYPE}-${TIMESTAMP}.json"

cd "$LOAD_DIR"
k6 run \
  --env BASE_URL="$BASE_URL" \
  --env ENVIRONMENT="$ENVIRONMENT" \
  --out json="$RESULT_FILE" \
  "$@" \
  "$TEST_FILE"

echo ""
echo "Results saved to: $RESULT_FILE"

#!/usr/bin/env bash
# Bundles JsSIP (npm, pinned in package-lock.json) into build/jssip.js for the browser tests of SIP
# over WebSocket (JsSipBrowserIT); .ci/run calls it. Needs Node.js and npm.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
npx esbuild node_modules/jssip/lib/JsSIP.js --bundle --format=iife --global-name=JsSIP --platform=browser \
  --log-level=warning --outfile=build/jssip.js
echo "bundled JsSIP into $(pwd)/build/jssip.js"

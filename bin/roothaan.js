#!/usr/bin/env node
'use strict';
// The `roothaan` command. The CLI itself lives in src/cli (compiled to dist/cli).

// `roothaan basis list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

require('../dist/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

#!/usr/bin/env node
'use strict';
// The `roothaan` command. The CLI itself lives in src/cli (compiled to dist/cli).

// `roothaan basis list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// The AWS SDK warns on every Node below 22 that its releases after January 2027 will need 22: 8
// lines on stderr of every command that touches S3, none of them about the command. Set the
// variable to anything but "true" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

require('../dist/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

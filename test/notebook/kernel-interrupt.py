"""Drives the roothaan Jupyter kernel with jupyter_client (Debian's /usr/bin/python3) for
test/notebook/kernel-interrupt.test.ts: runs cells, sends Kernel > Interrupt (SIGINT, as the
kernel spec's interrupt_mode "signal" says) while a cell runs, and prints one JSON object with
what every cell printed and when.

Usage: kernel-interrupt.py KERNEL_NAME CELLS.json
CELLS.json: [{"code": "...", "interrupt_after_updates": N, "interrupt_on_text": "...", "interrupt_after_seconds": S}, ...]
A cell with interrupt_after_updates is interrupted once the kernel has sent N display updates
for it (the live iteration table: the SCF is running); one with interrupt_on_text once its
stdout contains that text; one with interrupt_after_seconds once it has run that long (a
synchronous cell sends no output until it ends).
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

kernel_name, cells_file = sys.argv[1], sys.argv[2]
cells = json.load(open(cells_file))

km = KernelManager(kernel_name=kernel_name)
km.start_kernel()
kc = km.client()
kc.start_channels()
out = {"cells": []}
try:
    kc.wait_for_ready(timeout=120)
    for cell in cells:
        msg_id = kc.execute(cell["code"])
        started = time.monotonic()
        updates = 0
        interrupted_at = None
        interrupted_epoch_ms = None
        stdout, stderr = [], []
        while True:
            after = cell.get("interrupt_after_seconds")
            if after is not None and interrupted_at is None:
                # A synchronous cell sends nothing while it runs: interrupt it by the clock.
                try:
                    msg = kc.get_iopub_msg(timeout=max(0.05, after - (time.monotonic() - started)))
                except Exception:
                    msg = None
                if time.monotonic() - started >= after:
                    km.interrupt_kernel()
                    interrupted_at = time.monotonic() - started
                    interrupted_epoch_ms = time.time() * 1000
                if msg is None:
                    continue
            else:
                msg = kc.get_iopub_msg(timeout=300)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                (stdout if content["name"] == "stdout" else stderr).append(content["text"])
                want_text = cell.get("interrupt_on_text")
                if want_text is not None and interrupted_at is None and want_text in "".join(stdout):
                    km.interrupt_kernel()
                    interrupted_at = time.monotonic() - started
                    interrupted_epoch_ms = time.time() * 1000
            elif kind in ("display_data", "update_display_data"):
                if kind == "update_display_data":
                    updates += 1
                    want = cell.get("interrupt_after_updates")
                    if want is not None and interrupted_at is None and updates >= want:
                        km.interrupt_kernel()
                        interrupted_at = time.monotonic() - started
                        interrupted_epoch_ms = time.time() * 1000
            elif kind == "status" and content["execution_state"] == "idle":
                break
        reply = kc.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=60)
        out["cells"].append({
            "status": reply["content"]["status"],
            "stdout": "".join(stdout),
            "stderr": "".join(stderr),
            "updates": updates,
            "interrupted_at": interrupted_at,
            "interrupted_epoch_ms": interrupted_epoch_ms,
            "seconds": time.monotonic() - started,
        })
        if reply["content"]["status"] == "error":
            # tslab drops the requests that arrive within 200 ms of a failed cell (its queue reset).
            time.sleep(1)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(out))

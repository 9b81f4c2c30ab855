"""A local Socket Mode endpoint: a real WebSocket server behind a TCP proxy that can fail abruptly.

Why a proxy: a connection lost abruptly (a NAT entry dropped, a host gone) sends no close frame
and no FIN; the client only notices when its pings go unanswered. `freeze()` makes the proxy
swallow every byte in both directions while keeping the sockets open, which is exactly that.
`reset()` closes with an RST instead (the peer is gone and says so). `accepted` counts the
connections the client made, so a test sees the reconnect.

    with SocketModeServer() as server:
        slack.respond("apps.connections.open", {"ok": True, "url": server.url})
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


class SocketModeServer:
    def __init__(self) -> None:
        self._ws = serve(self._session, "127.0.0.1", 0, close_timeout=0.2)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._frozen = threading.Event()
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self.accepted: list[float] = []  # monotonic time of every client connection

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link"

    def __enter__(self) -> SocketModeServer:
        threading.Thread(target=self._ws.serve_forever, daemon=True).start()
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._ws.shutdown()
        self._listener.close()
        self._close_all()

    def _session(self, ws: ServerConnection) -> None:
        try:
            ws.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}}))
            for _ in ws:
                pass
        except (ConnectionClosed, TimeoutError, OSError):
            return  # the test broke this connection on purpose

    def _accept(self) -> None:
        upstream_port = self._ws.socket.getsockname()[1]
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", upstream_port))
            with self._lock:
                self._frozen.clear()  # a new connection works until the test breaks it
                self._pairs.append((client, upstream))
                self.accepted.append(time.monotonic())
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            if self._frozen.is_set():
                continue  # swallowed: the network has gone quiet
            try:
                target.sendall(data)
            except OSError:
                return

    def freeze(self) -> None:
        """The connection goes dead without a close frame or FIN."""
        self._frozen.set()

    def reset(self) -> None:
        """The connection is reset (RST), as when the other side's host went away."""
        with self._lock:
            for client, _ in self._pairs:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._close_all()

    def _close_all(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                try:
                    sock.close()
                except OSError:
                    pass

    def wait_for_connections(self, count: int, timeout: float) -> float:
        """Block until `count` client connections were accepted; return when the last one came."""
        deadline = time.monotonic() + timeout
        while len(self.accepted) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{count} connections not made within {timeout}s (saw {len(self.accepted)})")
            time.sleep(0.02)
        return self.accepted[count - 1]

    def info(self) -> dict[str, Any]:
        return {"url": self.url, "connections": len(self.accepted)}

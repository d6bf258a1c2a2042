"""A tiny SMTP server that speaks real SMTP over a socket, for testing the mail adapter end to end."""

import email
import socket
import socketserver
import threading
from email.message import Message


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        self.server.connections += 1
        self._reply("220 fake.smtp.test ESMTP ready")
        sender, recipients, lines, in_data = None, [], [], False
        while True:
            line = self.rfile.readline()
            if not line:
                return
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    raw = b"".join(lines)
                    self.server.messages.append(
                        {"from": sender, "to": recipients, "message": email.message_from_bytes(raw)}
                    )
                    sender, recipients, lines, in_data = None, [], [], False
                    self._reply("250 2.0.0 queued")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-fake.smtp.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")
            elif verb == "HELO":
                self._reply("250 fake.smtp.test")
            elif verb == "MAIL":
                sender = command.split(":", 1)[1].strip()
                self._reply("250 2.1.0 ok")
            elif verb == "RCPT":
                recipient = command.split(":", 1)[1].strip().strip("<>")
                if recipient in self.server.refused:
                    self._reply("550 5.1.1 no such mailbox")
                    continue
                recipients.append(recipient)
                self._reply("250 2.1.5 ok")
            elif verb == "DATA":
                in_data = True
                self._reply("354 end data with <CR><LF>.<CR><LF>")
            elif verb in {"RSET", "NOOP"}:
                self._reply("250 2.0.0 ok")
            elif verb == "QUIT":
                self._reply("221 2.0.0 bye")
                return
            else:
                self._reply("502 5.5.2 command not recognised")


class FakeSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, refused: frozenset[str] = frozenset()):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages: list[dict] = []
        self.connections = 0  # SMTP sessions opened by clients
        self.refused = refused  # recipients refused at RCPT, as a server refuses an unknown mailbox
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()

    def only_message(self) -> Message:
        assert len(self.messages) == 1, self.messages
        return self.messages[0]["message"]


def smtp_to(settings, port: int) -> None:
    """Send the shop's mail with Django's SMTP backend to this local port (a FakeSMTPServer's, say)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

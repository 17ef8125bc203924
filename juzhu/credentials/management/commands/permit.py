"""``juzhu permit``: the e-permit's keys, status lists and the offline check of a scanned card.

- ``juzhu permit verify QRTEXT [--jwks URL|FILE] [--status URL|FILE]``: prints the result;
  exit status 0 valid, 1 void or suspended, 2 not verified (forged, unknown key, no list…)
- ``juzhu permit keys rotate`` / ``juzhu permit keys list``
- ``juzhu permit status sign``: reconcile the entries with the registry and re-sign every list
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from juzhu import clock

EXIT = {"valid": 0, "void": 1, "suspended": 1}


class Command(BaseCommand):
    help = "电子居住证：核验卡面二维码（离线）、更换签名密钥、重新签署状态列表"

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        verify = commands.add_parser("verify", help="核验扫码得到的内容（网址或 JWS），可完全离线")
        verify.add_argument("qrtext", help="二维码内容：https://…/verify/c/<JWS> 或 JWS 本身")
        verify.add_argument("--jwks", help="公钥列表（JWKS）的网址或文件；默认取二维码网址所在站点的")
        verify.add_argument("--status", help="状态列表（statuslist+jwt）的网址或文件；默认取凭证中的网址")
        keys = commands.add_parser("keys", help="签名密钥")
        keys.add_argument("keys_command", choices=["rotate", "list"])
        status = commands.add_parser("status", help="状态列表")
        status.add_argument("status_command", choices=["sign"])

    def handle(self, *args, command: str, **options):
        if command == "verify":
            sys.exit(self.verify(options["qrtext"], options.get("jwks"), options.get("status")))
        if command == "keys":
            self.keys(options["keys_command"])
        else:
            from juzhu.credentials import status

            fixed = status.reconcile()
            self.stdout.write(f"已核对 {fixed} 个条目，重新签署 {status.sign_all()} 个状态列表")

    def keys(self, action: str) -> None:
        from juzhu.credentials import keys
        from juzhu.credentials.actions import rotate_key

        if action == "rotate":
            new, old = rotate_key()
            retired = f"；原密钥 {old.kid} 已停用（私钥已删除，公钥在其签名的卡片作废前继续公布）" if old else ""
            self.stdout.write(f"新签名密钥：{new.kid}{retired}")
            return
        listed = {k.kid for k in keys.published()}
        for key in keys.SigningKey.objects.order_by("created_at", "pk"):
            state = "当前" if key.current else f"已停用 {key.retired_at:%Y-%m-%d}"
            self.stdout.write(
                f"{key.kid}  启用 {key.created_at:%Y-%m-%d}  {state}  {'公布' if key.kid in listed else '不再公布'}"
            )

    def verify(self, qrtext: str, jwks: str | None, status: str | None) -> int:
        from juzhu.credentials.offline import SourceError, default_jwks, load_keys, read_source
        from juzhu.credentials.verifier import ListRefused, Verifier, read_status_list

        jwks = jwks or default_jwks(qrtext)
        if jwks is None:
            raise CommandError("请用 --jwks 指定公钥列表（JWKS）的网址或文件", returncode=2)
        try:
            verifier = Verifier(load_keys(jwks))
        except SourceError as exc:
            raise CommandError(str(exc), returncode=2) from None
        verdict = verifier.check_signature(qrtext)
        if verdict.credential is not None:
            source = status or verdict.credential.status_uri
            try:
                read = read_status_list(read_source(source, "状态列表"), verifier.keys, int(clock.now().timestamp()))
                if read.uri != verdict.credential.status_uri:
                    raise ListRefused(f"状态列表（{read.uri}）不是该卡所在的列表")
                verifier.lists[read.uri] = read
            except (SourceError, ListRefused) as exc:
                verifier.list_problem = getattr(exc, "message", str(exc))
            verdict = verifier.with_status(verdict)
        self.print_verdict(verdict)
        return EXIT.get(verdict.state, 2)

    def print_verdict(self, verdict) -> None:
        self.stdout.write(f"核验结果：{verdict.label}")
        self.stdout.write(verdict.message)
        credential = verdict.credential
        if credential is None:
            return
        self.stdout.write(f"居住证号码：{credential.permit_number}（第{credential.card_version}版卡片）")
        self.stdout.write(f"持证人：{credential.masked_name}")
        self.stdout.write(f"签发机关：{credential.issuing_organ}；签发日期：{credential.issue_date:%Y-%m-%d}")
        self.stdout.write(f"制卡时签注有效期至：{credential.valid_until:%Y-%m-%d}")
        self.stdout.write(f"签名密钥：{verdict.kid}；状态列表：{credential.status_uri} 第 {credential.status_index} 位")

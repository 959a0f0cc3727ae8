"""Which addresses and sites a source may make us fetch: the rule against server-side request forgery.

A source is a URL someone else controls (a site in config.yaml, or one an admin typed into /addsource). Without a
rule, it could make this service fetch its own database port, the cloud metadata address or a router's admin page,
by naming it directly, by a redirect, by a link on a listing page or by a DNS name that points there. So:

- a source may reach only public (globally routable unicast) addresses, IPv4 and IPv6, unless config.yaml says
  ``allow_private_network: true`` for it; the check applies to every address a host name resolves to, on every
  connection (each redirect hop, each followed link), and the connection then goes to the very address that was
  checked (see ``scheduler.transport``), so a DNS answer that changes between check and connect cannot slip through;
- an ``html-list`` source follows article links only within the listing's registrable domain (``gd.gov.cn`` for
  ``gdii.gd.gov.cn``), by the Public Suffix List bundled in the ``tld`` package, read offline.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from tld import get_fld

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# Resolves a host name (or an address literal) and a port to the addresses a connection may go to.
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

ALLOW_HINT = "set allow_private_network: true on the source in config.yaml to allow it"
# getaddrinfo blocks, so it runs on threads, but on threads of its own: the event loop's default executor runs the
# database work (`asyncio.to_thread`), and a fetch that waits there for its lookup holds its fetch slot behind
# every poll's write, so fetching stalls while the database catches up. Threads start on the first lookup.
_LOOKUPS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="resolver")
# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class AddressBlocked(Exception):
    """A source led us to an address it may not reach; the message names the host, the address and why."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        shown = host if host == address else f"{host} ({address})"
        super().__init__(f"{shown} is {reason}; sources may fetch only public addresses")
        self.host = host
        self.address = address
        self.reason = reason


def address_refusal(address: IPAddress) -> str | None:
    """Why a source may not connect to ``address``, or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = address_refusal(embedded)
            return f"{reason} (embedded in {address})" if reason else None
    # Order matters only for the wording: the most specific name first.
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private-network address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(address, attribute):
            return reason
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "a site-local address"
    if not address.is_global:
        # Carrier-grade NAT (100.64.0.0/10) and whatever else IANA does not route publicly.
        return "not a public address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (getaddrinfo), the addresses in its order of preference; an address
    literal is its own answer (the policy still checks it), with no lookup and no thread."""
    literal = host.strip("[]").split("%", 1)[0]
    try:
        ipaddress.ip_address(literal)
        return [literal]  # as written: messages name the address the source gave (::ffff:10.0.0.1)
    except ValueError:
        pass
    lookup = functools.partial(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    infos = await asyncio.get_running_loop().run_in_executor(_LOOKUPS, lookup)
    addresses: list[str] = []
    for *_, sockaddr in infos:
        text = str(sockaddr[0]).split("%", 1)[0]  # an IPv6 zone id (fe80::1%eth0) is not part of the address
        if text not in addresses:
            addresses.append(text)
    return addresses


async def checked_addresses(host: str, port: int, *, allow_private: bool, resolver: Resolver) -> list[str]:
    """The addresses to connect to for ``host``, each one checked; AddressBlocked if any may not be reached.

    One private address among public ones refuses the host: connecting "only to the public one" would still
    let a site steer which one we use.
    """
    try:
        addresses = list(await resolver(host, port))
    except (OSError, UnicodeError) as exc:
        raise OSError(f"cannot resolve {host}: {exc}") from None
    if not addresses:
        raise OSError(f"cannot resolve {host}: no addresses")
    if allow_private:
        return addresses
    for text in addresses:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise AddressBlocked(host, text, "not an IP address") from None
        reason = address_refusal(address)
        if reason is not None:
            raise AddressBlocked(host, text, reason)
    return addresses


async def url_refusal(url: str, *, resolver: Resolver = system_resolver) -> AddressBlocked | None:
    """Why a source at ``url`` could never be fetched under the policy, for a check before it is stored.

    A host that does not resolve now is not refused here (DNS may be down, or the site not live yet); every
    fetch checks again anyway.
    """
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = 80
    if not parts.hostname:
        return None
    try:
        await checked_addresses(parts.hostname, port, allow_private=False, resolver=resolver)
    except AddressBlocked as exc:
        return exc
    except OSError:
        return None
    return None


def registrable_domain(host: str) -> str:
    """The part of a host name one owner registers: ``gd.gov.cn`` for ``gdii.gd.gov.cn``; an IP stays itself.

    A name under a suffix the list does not know takes the list's default rule (``*``): its last two labels.
    """
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return host
    found = get_fld(host, fail_silently=True, fix_protocol=True)
    if isinstance(found, str) and found:
        return found
    return ".".join(host.split(".")[-2:])


def same_site(url: str, other: str) -> bool:
    """Whether two http(s) addresses belong to one registrable domain."""
    host, other_host = urlsplit(url).hostname, urlsplit(other).hostname
    if not host or not other_host:
        return False
    return registrable_domain(host) == registrable_domain(other_host)

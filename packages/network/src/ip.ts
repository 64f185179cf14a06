/** IPv4 address as an unsigned 32-bit number, or undefined when it is not a dotted quad. */
function toNumber(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

function parseCidr(cidr: string): { base: number; size: number } {
  const [address = "", bits = ""] = cidr.split("/");
  const ip = toNumber(address);
  const prefix = Number(bits);
  if (ip === undefined || !/^\d{1,2}$/.test(bits) || prefix > 32) {
    throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
  }
  const size = 2 ** (32 - prefix);
  return { base: ip - (ip % size), size };
}

/** The first host address of a CIDR block (the block's own address for /31 and /32). */
export function firstHost(cidr: string): string {
  const { base, size } = parseCidr(cidr);
  return toIp(size > 2 ? base + 1 : base);
}

/** True when the IPv4 address lies inside one of the CIDR blocks. */
export function inPool(ip: string, pool: readonly string[]): boolean {
  const n = toNumber(ip);
  if (n === undefined) return false;
  return pool.some((cidr) => {
    const { base, size } = parseCidr(cidr);
    return n >= base && n < base + size;
  });
}

export declare const CLIENT_IP_HEADER: "x-aviso-client-ip";
export declare function normaliseIp(ip: string | null | undefined): string;
export type TrustedProxies = { size: number; has(ip: string): boolean };
export declare function parseTrustedProxies(value: string | null | undefined): TrustedProxies;
export declare function resolveClientIp(remoteAddress: string | null | undefined, forwardedFor: string | null | undefined, trusted: TrustedProxies): string;

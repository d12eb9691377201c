import { createServer } from 'node:net';

/** A port that is free on 127.0.0.1 now; each bench stack gets its own, away from 3000/8000/8083/1025. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StackPorts {
  port: number;
  dynamoDbPort: number;
  sfnPort: number;
  smtpPort: number;
}

export async function freeStackPorts(): Promise<StackPorts> {
  const ports = new Set<number>();
  while (ports.size < 4) ports.add(await freePort());
  const [port, dynamoDbPort, sfnPort, smtpPort] = [...ports] as [number, number, number, number];
  return { port, dynamoDbPort, sfnPort, smtpPort };
}

export function stackEnv(ports: StackPorts, dataDir: string): Record<string, string> {
  return {
    PORT: String(ports.port),
    DYNAMODB_PORT: String(ports.dynamoDbPort),
    SFN_PORT: String(ports.sfnPort),
    SMTP_PORT: String(ports.smtpPort),
    DATA_DIR: dataDir,
  };
}

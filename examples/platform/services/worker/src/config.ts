// The worker's settings, read once at start-up.
export const config = {
  jwtSecret: process.env.JWT_SECRET_KEY ?? '',
  authUrl: process.env.AUTH_URL || process.env.AUTH_SERVICE_URL,
  queueConcurrency: Number(process.env.QUEUE_CONCURRENCY ?? 4),
};

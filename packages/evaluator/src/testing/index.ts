export { hasRedisServer, startTestRedis, type TestRedis } from './test-redis';

import { describe, expect, it } from 'vitest';
import { addressesIn } from '../../src/graph/addresses.js';
import { addressPrefix } from '../../src/graph/calls.js';

/** host:port[ user][ (password)] for each address, the password only as "pw" when one was found. */
const read = (v: string) => addressesIn(v).map((a) => `${a.host}:${a.port ?? '?'}${a.user ? ` ${a.user}` : ''}${a.password !== undefined ? ' pw' : ''}`);

describe('addresses in the forms platforms write them', () => {
  it.each([
    ['postgres://app:s3cret@db:5433/app', ['db:5433 app pw']],
    ['postgresql://db/app', ['db:5432']],
    ['redis://:pa%40ss@cache:6379/0', ['cache:6379 pw']],
    ['mongodb://root:pw@mongo-1:27017,mongo-2:27018/admin?replicaSet=rs0', ['mongo-1:27017 root pw', 'mongo-2:27018 root pw']],
    ['mongodb+srv://u:p@cluster0', ['cluster0:27017 u pw']],
    ['amqp://guest:guest@rabbitmq', ['rabbitmq:5672 guest pw']],
    ['jdbc:postgresql://db:5432/orders?user=app', ['db:5432']],
    ['jdbc:mysql://mysql/app', ['mysql:3306']],
    ['jdbc:sqlserver://mssql:1433;databaseName=app;encrypt=false', ['mssql:1433']],
    ['kafka-1:9092,kafka-2:9093', ['kafka-1:9092', 'kafka-2:9093']],
    ['Server=tcp:sql,1433;Database=app;User Id=sa;Password=Str0ng!;', ['sql:1433 sa pw']],
    ['Host=db;Port=5432;Username=app;Password=x', ['db:5432 app pw']],
    ['Server=db;Database=app', ['db:?']],
    ['host=db port=5433 user=app password=x dbname=app', ['db:5433 app pw']],
    ['grpc://payments:50051', ['payments:50051']],
    ['payments:50051', ['payments:50051']],
  ])('%s', (value, expected) => {
    expect(read(value)).toEqual(expected);
  });

  it.each([['plain text'], ['10:30 every day'], ['a=b'], ['https://'], ['true'], ['8080'], ['']])('finds no address in %j', (value) => {
    expect(addressesIn(value).filter((a) => a.port !== undefined && !/^\d/.test(a.host))).toEqual([]);
  });

  it.each([
    ['DATABASE_URL', 'DATABASE'],
    ['DB_HOST', 'DB'],
    ['REDIS_URL', 'REDIS'],
    ['KAFKA_BOOTSTRAP_SERVERS', 'KAFKA'],
    ['ConnectionStrings__Default', 'ConnectionStrings__Default'],
    ['redis.host', 'redis'],
  ])('the credentials of %s share the prefix %s', (setting, prefix) => {
    expect(addressPrefix(setting)).toBe(prefix);
  });
});

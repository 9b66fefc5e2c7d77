import { it } from 'vitest';
import { catalogFromSql } from '../../helpers.js';
it('smoke', async () => {
  const c = await catalogFromSql(`CREATE TYPE st AS ENUM ('active', 'deleted');
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  total double precision,
  created timestamp(3),
  code char(2),
  st st,
  starts_at timestamptz, ends_at timestamptz,
  CHECK (ends_at > starts_at),
  UNIQUE (code)
);
CREATE UNIQUE INDEX orders_x ON orders (lower(code)) WHERE st <> 'deleted';
`);
  console.log(JSON.stringify(c.tables, null, 1));
  console.log(JSON.stringify(c.warnings));
});

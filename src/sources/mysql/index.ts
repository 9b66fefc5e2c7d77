// MySQL / MariaDB source: DDL files (mysqldump output, hand-written scripts) and live servers.
export { detectMysqlDdl, loadMysqlDdl, loadMysqlDdlFiles, type MysqlDdlOptions } from './ddl.js';
export { isMysqlUrl, loadMysqlLive, type MysqlLiveOptions } from './live.js';

// script/test's PostgreSQL for the whole run:
//   node tests/tools/postgres_cluster.mjs start   -> prints the socket folder
//   node tests/tools/postgres_cluster.mjs stop DIR
import { startPostgresCluster, stopPostgresCluster } from '../lib/postgres.mjs';

const [command, dir] = process.argv.slice(2);
if (command === 'start') {
  const cluster = await startPostgresCluster();
  console.log(cluster.socket);
} else if (command === 'stop' && dir) {
  stopPostgresCluster(dir);
} else {
  console.error('usage: postgres_cluster.mjs start | stop DIR');
  process.exit(2);
}

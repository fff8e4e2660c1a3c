// Strings of the node cards (the inspector's and the stage's): a node that is not running and
// what is on its disk, and the master's replica table (offset sent, offset ACKed).
export const en = {
  'cards.down.what': 'Crashed or shut down: what it had in memory (keys, offsets, replicas, backlog, its link) is gone. Restarted, it boots from its disk.',
  'cards.disk': 'On its disk',
  'cards.disk.rdb': 'dump.rdb: {bytes}, saved at t = {t} s',
  'cards.disk.noRdb': 'no dump.rdb: it restarts with no keys',
  'cards.disk.replicaof': 'redis.conf: replicaof {target}',
  'cards.disk.noReplicaof': 'redis.conf has no replicaof line: it restarts as a master',
  'cards.disk.unknown': 'its disk is not known here',
  'cards.colSent': 'sent',
  'cards.colSentHint': 'Stream bytes written to this replica\'s socket: master_repl_offset minus what still waits in its output buffer (counted once it is online)',
  'cards.colAck': 'offset (ACK)',
  'cards.colAckHint': 'INFO\'s slaveN offset=: the last offset this replica acknowledged with REPLCONF ACK',
  'cards.notYet': 'not streaming yet',
  'cards.aria.down': '{name}, not running',
};

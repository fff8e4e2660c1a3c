// Strings of the fidelity notes: where the model simplifies Redis 7.0, and what Redis really does
// where common explanations say otherwise (docs/fidelity.md, in the page). Each note has a title
// and three parts: what Redis 7.0 does, what replscope does, why it matters to a learner.
// Commands between backticks (`r1> INFO replication`) run in that node's console
// (see ../caption-markup.ts); they are the same in both languages.

export const en = {
  'notes.title': 'Fidelity notes',
  'notes.intro':
    'replscope follows the replication code of Redis 7.0 and checks itself against a real redis-server (npm run fidelity). These notes say where it simplifies, and where common explanations of Redis are wrong. Commands in them run in that node’s console at the cursor; before the end of a run that starts a new branch in which the rest of the scenario still happens.',
  'notes.simplified': 'Where replscope simplifies',
  'notes.myths': 'What Redis really does (often told otherwise)',
  'notes.redis': 'Redis 7.0',
  'notes.model': 'replscope',
  'notes.matters': 'Why it matters',

  'notes.time.title': 'Time is simulated',
  'notes.time.redis':
    'A server runs on the wall clock: serverCron ticks 10 times a second, repl-timeout counts real seconds, and two runs never interleave events quite the same way.',
  'notes.time.model':
    'Every clock is simulated, from a fixed starting date, and events run in a fixed order: the same scenario and seed always give the same trace. You can pause, step back, and run from 1/1000× to 1000×.',
  'notes.time.matters':
    'Redis’s periods are kept (a PING every repl-ping-replica-period, the 5 s repl-diskless-sync-delay, the 60 s repl-timeout), in simulated seconds: a pause stops them all. `m> CONFIG GET repl-timeout`',

  'notes.fork.title': 'Fork, copy-on-write and the RDB child',
  'notes.fork.redis':
    'BGSAVE forks a child; fork time and copy-on-write memory grow with the dataset. The child writes the RDB to disk or to the replicas’ sockets; the parent notices its exit in serverCron (every 100 ms) or, after a diskless transfer, when a REPLCONF ACK arrives.',
  'notes.fork.model':
    'The fork is instant and costs no memory. A BGSAVE to disk takes 1 ms plus the RDB size at 100 MB/s, and its end is seen at once; a diskless child exits 10 ms after its last byte has left, and the parent notices at its next serverCron or at an ACK, as Redis does. A replica loads the RDB it received instantly.',
  'notes.fork.matters':
    'The log lines come in Redis’s order, but a full sync of a large dataset is far quicker here, and a real fork’s latency spike and memory growth do not show. `m> INFO persistence`',

  'notes.tcp.title': 'The network is simulated TCP',
  'notes.tcp.redis':
    'Replication runs over the kernel’s TCP: send and receive buffers, retransmission timers that back off, and a connection dropped after about 15 minutes of unanswered retransmissions.',
  'notes.tcp.model':
    'Each link has a latency (1 ms by default), a bandwidth (1 Gbit/s) and optional jitter; segments are numbered and arrive in order. A SYN is retried after 1, 2, 4, 8, 16 and 32 s, then the connect fails. TCP’s own 15-minute give-up is not modelled: repl-timeout ends such links first.',
  'notes.tcp.matters':
    'The frames on the links and the bytes in the stream are timed by the link’s latency, bandwidth and jitter alone, with no kernel buffers in between.',

  'notes.addresses.title': 'Addresses: names on 6379, ports on 127.0.0.1',
  'notes.addresses.redis':
    'A replica connects to the host and port given to REPLICAOF. Its master lists it with the IP the connection came from and the port it announced with REPLCONF listening-port (its own port setting).',
  'notes.addresses.model':
    'Each node is a host named by its name, with a network address (172.18.0.2, .3… in the order declared) and Redis on 6379 there, as in a compose file; the same Redis is also at 127.0.0.1 on the node’s own port (6379, 6380…), the one its console’s prompt shows.',
  'notes.addresses.matters':
    'REPLICAOF r1 6379 and REPLICAOF 127.0.0.1 6380 reach the same node, but its master then sees it come from 172.18.0.x or from 127.0.0.1. `m> INFO replication`',

  'notes.cut.title': 'Cutting and healing a link',
  'notes.cut.redis':
    'In a real partition packets are dropped and TCP retransmits them with a timeout that doubles each time (up to 2 minutes), so traffic may resume seconds after the network is back.',
  'notes.cut.model':
    'cut silently loses every segment on the link: each end learns only through its own timeouts. heal retransmits what was lost at once; it arrives after the link’s latency, not after a growing timeout.',
  'notes.cut.matters':
    'A healed link recovers sooner than a real one. Whether the replica then gets +CONTINUE or a full resync depends on repl-timeout and the backlog, as in Redis. During a cut, see master_link_status and master_last_io_seconds_ago in `r1> INFO replication`.',

  'notes.crash.title': 'Crash and restart',
  'notes.crash.redis':
    'A process that crashes loses its memory and keeps its files; the kernel closes its sockets, so peers see the connection end. On restart it reads redis.conf and its RDB file.',
  'notes.crash.model':
    'crash is exactly that process crash; restart reads the node’s config file, where only what CONFIG REWRITE wrote survives, and the options the node was started with (node r1 --enable-debug-command local), which win over the file as on redis-server’s command line. A machine losing power (no FIN at all) is played as cut followed by crash.',
  'notes.crash.matters':
    'A replica set up with REPLICAOF alone comes back as a master; after CONFIG REWRITE it comes back as a replica and can ask for a partial resync. `r1> ROLE`',

  'notes.backlog.title': 'The 7.0 backlog: blocks sized by jemalloc',
  'notes.backlog.redis':
    'Since 7.0 the backlog is not a fixed ring: it shares the replication buffer with the replicas’ output buffers, a list of blocks of 16 KB for which jemalloc hands back 20440 usable bytes. It is trimmed a whole block at a time, before every sleep of the event loop, never below one block nor past a block a replica still needs.',
  'notes.backlog.model':
    'The same blocks and trimming, with jemalloc’s size classes computed rather than allocated. The fixed ring of 2.8–6.2 is there too: `replscope run --backlog ring`.',
  'notes.backlog.matters':
    'repl_backlog_histlen can exceed repl-backlog-size: a 16kb backlog holds 16 to 36 KB, so a PSYNC can succeed where a ring would have lost the bytes. Compare `m> CONFIG GET repl-backlog-size` with `m> INFO replication`.',

  'notes.buffers.title': 'Replica output buffers',
  'notes.buffers.redis':
    'Since 7.0 a replica’s output buffer is its place in the shared replication buffer: it counts from the start of the block it still references to the end of the last block, so even a replica that is caught up counts a whole block (20440 bytes and more). The limit is checked whenever a block is added and in clientsCron; a hard limit below repl-backlog-size counts as repl-backlog-size, and the soft limit counts once it has lasted more than its seconds.',
  'notes.buffers.model':
    'The same accounting and checks. The stream piles up unsent only while a replica waits for its RDB (and, after a diskless sync, for its first ACK); otherwise the socket takes everything at once and the bytes queue on the link at its bandwidth; the link queue is shown apart.',
  'notes.buffers.matters':
    'A limit below two blocks drops even a healthy replica each time a block is added: it reconnects at once, resumes with a partial resync, and is dropped again; sync_partial_ok keeps growing. A slow link shows as a long link queue. `m> CONFIG GET client-output-buffer-limit`',

  'notes.random.title': 'Random choices',
  'notes.random.redis':
    'SPOP, SRANDMEMBER, RANDOMKEY and SCAN’s order depend on the server’s random generator and hash tables. SPOP reaches replicas as an SREM of the member it took.',
  'notes.random.model':
    'Choices come from a seeded generator per node: the same run picks the same members every time, but not the ones a real server would. SPOP becomes SREM just the same.',
  'notes.random.matters':
    'Expect another member than on your own server; the replica still agrees, because the stream carries the SREM, not the SPOP. Try `m> SADD s x y z`, then `m> SPOP s`.',

  'notes.expire.title': 'Active expiry',
  'notes.expire.redis':
    'Each cycle samples 20 random keys with a TTL per database and deletes the expired ones; each deletion reaches replicas as a DEL. A master restarting from its RDB also sends a DEL for each key that expired while it was down, so its offset moves. A replica waits for its master’s DEL, except a writable one for the keys its own clients gave a TTL.',
  'notes.expire.model': 'Expired keys are deleted in order at every serverCron; each is one DEL in the stream, never wrapped in MULTI, as in Redis. The restart’s DELs and a writable replica’s own expiry are modelled as Redis does them.',
  'notes.expire.matters': 'On a real server the DEL of an expired key may come a little later than here.',

  'notes.console.title': 'The consoles are local',
  'notes.console.redis': 'redis-cli talks to the server over TCP; its bytes count in total_net_input_bytes.',
  'notes.console.model': 'A command typed in a console reaches its node without crossing a simulated link.',
  'notes.console.matters':
    'Everything moving on the links is replication, and total_net_input_bytes counts replication traffic only. `m> INFO stats` A reply also comes back at the very moment of its command, while a real redis-cli round trip outlasts one hop between servers: a write typed just before REPLICAOF NO ONE on its replica reaches the replica first with redis-cli, but not here unless time passes in between.',

  'notes.absent.title': 'Not modelled',
  'notes.absent.redis':
    'Redis 7.0 also has AUTH, Sentinel, cluster mode, AOF, FAILOVER, modules and repl-diskless-load, and SHUTDOWN waits up to shutdown-timeout for lagging replicas. It runs Lua scripts and functions (EVAL, FCALL, FUNCTION, SCRIPT), streams, bitmaps, HyperLogLog, geo commands, blocking pops, sharded Pub/Sub and RESP3.',
  'notes.absent.model':
    'None of these (repl-diskless-load stays disabled), and SHUTDOWN does not wait. A console sends none of those commands: it says the command is not modelled (docs/fidelity.md lists them all). INFO fields about CPU, memory and instantaneous rates carry plausible values, not measurements.',
  'notes.absent.matters': 'Read those INFO fields as placeholders; the replication fields are exact. `m> INFO memory`',

  'notes.ack.title': 'Myth: “the master resends commands when an ACK lags”',
  'notes.ack.redis':
    'It never does. REPLCONF ACK <offset> gets no reply: replconfCommand only raises repl_ack_off and sets repl_ack_time (after a diskless sync, the first ACK also starts the stream). These feed WAIT, min-replicas-to-write, the offset= and lag= of INFO, and the repl-timeout check that drops a silent replica. Missing bytes come back only after a reconnect, when PSYNC is answered from the backlog or by a full resync.',
  'notes.ack.model': 'The same: an ACK changes the replica’s offset= and lag= in `m> INFO replication`, and nothing is sent again.',
  'notes.ack.matters':
    'Lag is a measurement, not a repair: bytes lost on a broken link are recovered by PSYNC <replid> <offset+1> and +CONTINUE, as in the partial-resync example.',

  'notes.psync.title': 'Myth: “a new replica sends PSYNC ? -1”',
  'notes.psync.redis':
    'Since 4.0, REPLICAOF turns the node’s own history into a cached master, so its first request is PSYNC <its own replid> <its offset+1>. The master answers +FULLRESYNC and counts one sync_partial_err. PSYNC ? -1 is sent only when there is no cached master at all.',
  'notes.psync.model': 'The same, down to the counter.',
  'notes.psync.matters': 'sync_partial_err:1 after a first sync is expected, not a fault. `m> INFO stats`',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'notes.title': '保真度说明',
  'notes.intro':
    'replscope 按照 Redis 7.0 的复制代码实现，并与真实的 redis-server 对照检查（npm run fidelity）。这些说明指出它在哪些地方做了简化，以及常见说法在哪些地方与 Redis 不符。其中的命令可以点击，会在对应节点的控制台里、在当前时刻执行；如果当前时刻在运行结束之前，就会开启一个新分支，剧本的其余步骤在新分支中照常进行。',
  'notes.simplified': 'replscope 的简化之处',
  'notes.myths': 'Redis 实际怎么做（常见误解）',
  'notes.redis': 'Redis 7.0',
  'notes.model': 'replscope',
  'notes.matters': '对学习的影响',

  'notes.time.title': '时间是模拟的',
  'notes.time.redis':
    '真实服务器按墙上时钟运行：serverCron 每秒执行 10 次，repl-timeout 按真实的秒计算，两次运行中事件的交错顺序也不会完全相同。',
  'notes.time.model':
    '所有时钟都是模拟的，从一个固定的日期开始，事件按固定顺序执行：同样的场景和种子总是得到同样的轨迹。你可以暂停、后退，以 1/1000× 到 1000× 的速度运行。',
  'notes.time.matters':
    'Redis 的各种周期保持不变（每 repl-ping-replica-period 一次 PING、5 秒的 repl-diskless-sync-delay、60 秒的 repl-timeout），只是按模拟的秒计算：暂停时它们全部停止。`m> CONFIG GET repl-timeout`',

  'notes.fork.title': 'fork、写时复制与 RDB 子进程',
  'notes.fork.redis':
    'BGSAVE 会 fork 一个子进程；fork 的耗时和写时复制占用的内存随数据量增长。子进程把 RDB 写到磁盘或从节点的套接字；父进程在 serverCron（每 100 毫秒）中发现它退出，无盘传输之后也可能在收到 REPLCONF ACK 时发现。',
  'notes.fork.model':
    'fork 瞬间完成，不占内存。写磁盘的 BGSAVE 耗时 1 毫秒加上按 100 MB/s 写出 RDB 的时间，结束时立即被发现；无盘传输的子进程在最后一个字节发出 10 毫秒后退出，父进程在下一次 serverCron 或收到 ACK 时发现，与 Redis 相同。从节点瞬间加载收到的 RDB。',
  'notes.fork.matters':
    '日志的先后顺序与 Redis 一致，但大数据量的完整重同步在这里快得多，真实 fork 带来的延迟尖峰和内存增长也不会出现。`m> INFO persistence`',

  'notes.tcp.title': '网络是模拟的 TCP',
  'notes.tcp.redis':
    '主从复制运行在内核的 TCP 之上：有发送和接收缓冲区、逐次退避的重传定时器，重传约 15 分钟无应答后连接被断开。',
  'notes.tcp.model':
    '每条链路有延迟（默认 1 毫秒）、带宽（1 Gbit/s）和可选的抖动；报文段带编号，按顺序到达。SYN 在 1、2、4、8、16、32 秒后重试，之后连接失败。TCP 自身 15 分钟后放弃的行为没有模拟：repl-timeout 会更早结束这样的连接。',
  'notes.tcp.matters': '链路上的帧和复制流中的字节只由链路的延迟、带宽和抖动决定，中间没有内核缓冲区。',

  'notes.addresses.title': '地址：名字用 6379，127.0.0.1 用各自的端口',
  'notes.addresses.redis':
    '从节点连接 REPLICAOF 给出的主机和端口。主节点列出它时，IP 是这条连接的来源地址，端口是它用 REPLCONF listening-port 通告的端口（它自己的 port 配置）。',
  'notes.addresses.model':
    '每个节点是一台以其名字命名的主机，有一个网络地址（按声明顺序为 172.18.0.2、.3……），Redis 在其上监听 6379，就像 compose 文件里的服务；同一个 Redis 也可以在 127.0.0.1 上通过节点自己的端口（6379、6380……）访问，即其控制台提示符显示的端口。',
  'notes.addresses.matters':
    'REPLICAOF r1 6379 和 REPLICAOF 127.0.0.1 6380 连到同一个节点，但它的主节点看到的来源分别是 172.18.0.x 和 127.0.0.1。`m> INFO replication`',

  'notes.cut.title': '断开与恢复链路',
  'notes.cut.redis':
    '真实的网络分区中报文被丢弃，TCP 以每次翻倍的超时（最长 2 分钟）重传，所以网络恢复后可能要过几秒流量才继续。',
  'notes.cut.model':
    'cut 悄无声息地丢掉链路上的所有报文段：两端只能通过各自的超时发现断线。heal 立即重传丢失的内容，它们在链路延迟之后到达，而不是在不断增长的超时之后。',
  'notes.cut.matters':
    '恢复后的链路比真实网络恢复得更快。之后从节点得到 +CONTINUE 还是完整重同步，与 Redis 一样取决于 repl-timeout 和复制积压缓冲区。断线期间，看 `r1> INFO replication` 中的 master_link_status 和 master_last_io_seconds_ago。',

  'notes.crash.title': '崩溃与重启',
  'notes.crash.redis':
    '崩溃的进程丢失内存、保留文件；内核关闭它的套接字，所以对端看到连接结束。重启时它读取 redis.conf 和它的 RDB 文件。',
  'notes.crash.model':
    'crash 就是这样的进程崩溃；restart 读取节点的配置文件，只有 CONFIG REWRITE 写入的内容会保留；还有节点启动时的选项（node r1 --enable-debug-command local），它们像 redis-server 的命令行参数一样优先于配置文件。机器断电（完全没有 FIN）可以用 cut 再 crash 来表现。',
  'notes.crash.matters':
    '只用 REPLICAOF 设置的从节点重启后会变成主节点；执行过 CONFIG REWRITE 的从节点重启后仍是从节点，可以请求部分重同步。`r1> ROLE`',

  'notes.backlog.title': '7.0 的复制积压缓冲区：按 jemalloc 分配的块',
  'notes.backlog.redis':
    '从 7.0 开始，复制积压缓冲区不再是固定大小的环形缓冲区：它与从节点的输出缓冲区共享复制缓冲区，由一串 16 KB 的块组成，jemalloc 为每块实际给出 20440 个可用字节。它在事件循环每次休眠前按整块裁剪，至少保留一块，也不会裁掉从节点仍需要的块。',
  'notes.backlog.model':
    '块和裁剪方式相同，jemalloc 的尺寸类别是计算出来的，而不是真的分配。2.8–6.2 的固定环形缓冲区也可以使用：`replscope run --backlog ring`。',
  'notes.backlog.matters':
    'repl_backlog_histlen 可以超过 repl-backlog-size：16kb 的复制积压缓冲区实际保存 16 到 36 KB，所以环形缓冲区已经丢掉的字节，这里的 PSYNC 仍可能成功。比较 `m> CONFIG GET repl-backlog-size` 和 `m> INFO replication`。',

  'notes.buffers.title': '从节点的输出缓冲区',
  'notes.buffers.redis':
    '从 7.0 开始，从节点的输出缓冲区就是它在共享复制缓冲区中的位置：从它仍引用的那一块的开头算到最后一块的末尾，所以即使已经追上的从节点也要算一整块（20440 字节以上）。每新增一块以及 clientsCron 时检查限制；低于 repl-backlog-size 的硬限制按 repl-backlog-size 计算，软限制要持续超过设定的秒数才生效。',
  'notes.buffers.model':
    '计算和检查方式相同。复制流只在从节点等待 RDB 时（无盘复制之后，还有等待第一个 ACK 时）积压未发送；其他时候套接字一次接受全部字节，字节按带宽在链路上排队；链路队列单独显示。',
  'notes.buffers.matters':
    '限制小于两块时，每新增一块，即使健康的从节点也会被断开：它立即重连，以部分重同步恢复，然后再次被断开；sync_partial_ok 不断增长。慢速链路表现为较长的链路队列。`m> CONFIG GET client-output-buffer-limit`',

  'notes.random.title': '随机选择',
  'notes.random.redis':
    'SPOP、SRANDMEMBER、RANDOMKEY 和 SCAN 的顺序取决于服务器的随机数生成器和哈希表。SPOP 以 SREM（删除被取出的成员）的形式传播到从节点。',
  'notes.random.model':
    '选择来自每个节点带种子的生成器：同一次运行每次都选出相同的成员，但不是真实服务器会选的成员。SPOP 同样被改写为 SREM。',
  'notes.random.matters':
    '选出的成员会与你自己的服务器不同；从节点仍然一致，因为复制流中传播的是 SREM，而不是 SPOP。试试 `m> SADD s x y z`，再 `m> SPOP s`。',

  'notes.expire.title': '主动过期',
  'notes.expire.redis': '每一轮在每个数据库中随机抽取 20 个带 TTL 的键，删除其中已过期的；每次删除以 DEL 传播到从节点。主节点从 RDB 重启时，也会为停机期间过期的每个键发送一条 DEL，因此它的偏移量会前进。从节点等待主节点的 DEL；只有可写的从节点会自己删除由它自己的客户端设置了 TTL 的键。',
  'notes.expire.model': '已过期的键在每次 serverCron 中按顺序删除；每个都是复制流中的一条 DEL，从不包在 MULTI 中，与 Redis 相同。重启时的 DEL 和可写从节点自己的过期都按 Redis 的做法建模。',
  'notes.expire.matters': '在真实服务器上，过期键的 DEL 可能比这里稍晚出现。',

  'notes.console.title': '控制台是本地的',
  'notes.console.redis': 'redis-cli 通过 TCP 与服务器通信；它的字节计入 total_net_input_bytes。',
  'notes.console.model': '在控制台输入的命令不经过模拟链路，直接到达节点。',
  'notes.console.matters': '链路上移动的都是主从复制的数据，total_net_input_bytes 只统计复制流量。`m> INFO stats` 回复也在命令的同一时刻返回，而真实 redis-cli 的一次往返比服务器之间的一跳更久：在从节点上执行 REPLICAOF NO ONE 之前刚输入的写命令，用 redis-cli 时会先到达从节点，在这里则要在两条命令之间让时间流逝才会如此。',

  'notes.absent.title': '没有模拟的部分',
  'notes.absent.redis':
    'Redis 7.0 还有 AUTH、哨兵、集群模式、AOF、FAILOVER、模块和 repl-diskless-load；SHUTDOWN 会最多等待 shutdown-timeout 让落后的从节点追上。它还能运行 Lua 脚本和函数（EVAL、FCALL、FUNCTION、SCRIPT），以及流、位图、HyperLogLog、地理位置命令、阻塞式弹出、分片 Pub/Sub 和 RESP3。',
  'notes.absent.model':
    '这些都没有模拟（repl-diskless-load 保持 disabled），SHUTDOWN 也不等待。控制台不会发送上述命令，而是说明该命令没有被模拟（docs/fidelity.md 列出了全部这类命令）。INFO 中关于 CPU、内存和瞬时速率的字段只是合理的数值，不是测量结果。',
  'notes.absent.matters': '把这些 INFO 字段当作占位值；复制相关的字段是精确的。`m> INFO memory`',

  'notes.ack.title': '误解：“ACK 落后时主节点会重发命令”',
  'notes.ack.redis':
    '主节点从不这样做。REPLCONF ACK <offset> 没有回复：replconfCommand 只提高 repl_ack_off 并设置 repl_ack_time（无盘复制之后，第一个 ACK 还会开启复制流）。这两个值用于 WAIT、min-replicas-to-write、INFO 中的 offset= 和 lag=，以及断开长时间没有消息的从节点的 repl-timeout 检查。缺失的字节只有在断线重连之后，通过 PSYNC 从复制积压缓冲区或完整重同步重新得到。',
  'notes.ack.model': '相同：ACK 只改变 `m> INFO replication` 中该从节点的 offset= 和 lag=，不会重发任何内容。',
  'notes.ack.matters':
    '延迟（lag）是一个测量值，不是修复机制：断线时丢失的字节通过 PSYNC <replid> <offset+1> 和 +CONTINUE 找回，见 partial-resync 示例。',

  'notes.psync.title': '误解：“新的从节点发送 PSYNC ? -1”',
  'notes.psync.redis':
    '从 4.0 开始，REPLICAOF 把节点自己的历史变成缓存的主节点，所以它的第一个请求是 PSYNC <它自己的 replid> <它的偏移量+1>。主节点回复 +FULLRESYNC，并把 sync_partial_err 记一次。只有完全没有缓存的主节点时才发送 PSYNC ? -1。',
  'notes.psync.model': '相同，连计数器也一样。',
  'notes.psync.matters': '首次同步之后出现 sync_partial_err:1 是正常的，不是故障。`m> INFO stats`',
};

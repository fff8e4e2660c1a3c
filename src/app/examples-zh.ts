// The example scenarios' summaries in Simplified Chinese (Redis tokens untranslated, the same
// runnable commands as the English comment lines of ./examples.ts), by example name. Loaded only
// when the page is in Chinese (ui/i18n/lang.ts).

export const SUMMARY_ZH: Readonly<Record<string, string>> = {
  'first-sync':
    '首次同步：一个全新的从节点连接到已有数据的主节点。观察握手（PING、REPLCONF、PSYNC）、+FULLRESYNC、repl-diskless-sync-delay（5 秒）之后开始的无盘 RDB 传输，以及最后一致的复制偏移量。在 5 秒等待期间试试 `r1> ROLE`，从节点上线后比较 `m> INFO replication` 和 `r1> INFO replication`。从节点提交的是它自己新生成的复制 ID（PSYNC <its replid> 1），所以主节点在完整重同步之前先记一次失败的部分重同步。',
  'full-resync-small-backlog':
    '长时间断线，复制积压缓冲区又很小：从节点离线期间，主节点写入的数据超过了积压缓冲区的容量，从节点请求的字节已经不在了。主节点记录 "Unable to partial resync ... for lack of backlog"，回复 +FULLRESYNC 并发送一个全新的 RDB（sync_full 再次增加）。注意：Redis 7.0 按整块（20440 字节）裁剪共享复制缓冲区，所以 16kb 的积压缓冲区实际保存 16 到 36 KB。运行结束时，比较 `m> CONFIG GET repl-backlog-size` 和 `m> INFO replication` 中的 repl_backlog_histlen，并在 `m> INFO stats` 中找到 sync_full。',
  'partial-resync':
    '短暂断线后恢复：从节点的连接超时，它用 PSYNC <replid> <offset+1> 断线重连，积压缓冲区仍保存着它错过的每一个字节：+CONTINUE，只发送缺失的字节（sync_partial_ok 增加）。恢复之后，比较 `r1> INFO replication` 中的 slave_repl_offset 和 `m> INFO replication` 中的 master_repl_offset。断线期间从节点的连接尝试都丢失了；TCP 在 1、2、4… 秒后重传 SYN，Redis 在 repl-timeout 之后放弃这次连接并重新发起。请给它几秒钟。',
  propagation:
    '命令传播：每个写命令如何逐字节进入复制流。每个被传播的命令都让 master_repl_offset 增加它的 RESP 长度；同步之后的第一个命令前面会先传播 SELECT 0（23 字节）。运行结束时试试 `m> SET k v`：`m> INFO replication` 中的 master_repl_offset 增加它的 RESP 形式的 27 个字节。紧接着执行 `r1> GET k` 会得到 (nil)：这次写入还在传输途中。单步前进后再执行一次："v"。',
  'replica-crash-restart':
    '从节点崩溃后重启。完整重同步时收到的 RDB 保存在它的磁盘上；它的 REPLICAOF 已写入配置文件（CONFIG REWRITE），所以重启后它仍是从节点，加载该 RDB 以及其中的复制 ID 和偏移量，并发送 PSYNC <replid> <offset+1>：主节点的积压缓冲区仍保存着它错过的内容，所以回复是 +CONTINUE。重启之后，`r1> ROLE` 显示它又是从节点，`m> INFO stats` 在 sync_partial_ok 中记下这次部分重同步。',
  'replica-restart-versions':
    '从节点重启，在每个 Redis 版本下：用每个版本都认识的 SLAVEOF 和启动选项 `--slaveof` 写成，所以可以在上方选择版本（或“与……对比”），看那个版本做了什么。2.6 只认识 SYNC：每次重连都是完整同步。2.8 重启后发送 PSYNC ? -1（它知道的主节点 run_id 只保存在内存中）：完整重同步。从 4.0 起 RDB 中带有复制 ID 和偏移量，所以重启的从节点发送 PSYNC <replid> <offset+1> 并得到 +CONTINUE。然后比较 `m> INFO stats` 中的 sync_full 和 sync_partial_ok。',
  'sentinel-failover':
    '哨兵故障转移：三个哨兵监控一个主节点和两个从节点。它们通过 INFO 发现从节点，通过 hello 消息（在主节点上 PUBLISH __sentinel__:hello）发现彼此。主节点崩溃：经过 down-after-milliseconds（5 秒）后，每个哨兵把它标记为 +sdown，用 SENTINEL IS-MASTER-DOWN-BY-ADDR 询问其他哨兵，quorum 为 2，于是标记为 +odown。一个哨兵在新纪元的投票中胜出，选出最好的从节点（+selected-slave），向它发送 REPLICAOF NO ONE，让另一个从节点改为复制它（+slave-reconf-sent/inprog/done），然后宣布 +switch-master。另一个从节点做部分重同步（PSYNC2）。在故障转移之前和之后试试 `s1> SENTINEL MASTERS` 和 `s1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster`，最后看看 `r2> INFO replication`。',
  'two-replicas':
    '两个从节点同时请求同步：使用无盘复制时，主节点等待 repl-diskless-sync-delay（5 秒）让更多从节点加入，然后一次 BGSAVE 把同一个 RDB 流式发送给两者。sync_full 计为 2，但只有一次 fork。等待期间，`m> INFO replication` 列出两个 state=wait_bgsave 的从节点；之后 `m> INFO stats` 显示 sync_full:2。',
  'sentinel-clean-failover':
    '哨兵对崩溃的主节点进行故障转移。三个哨兵监视 m 及其从节点 r1 和 r2（quorum 2，down-after-milliseconds 5000）。m 接受五次写入时 r2 被断开，随后 m 崩溃。每个哨兵都收不到 PONG：5 秒后 +sdown（主观下线），两个哨兵同意后 +odown（客观下线），通过纪元 1 的投票选出领头哨兵，它选中 r1（slave-repl-offset 更大），向它发送 SLAVEOF NO ONE，然后让 r2 指向它。r2 用 m 的旧复制 ID 和自己的偏移量向 r1 请求：r1 把这段历史保存为 master_replid2，所以 r2 得到 +CONTINUE，只收到它错过的字节（r1 上 sync_partial_ok:1、sync_full:0），然后是新的复制 ID。m 回来后，哨兵把它变成 r1 的从节点（+convert-to-slave）。故障转移期间试试 `s1> SENTINEL MASTER mymaster`，结束时试试 `r1> INFO replication`。',
  'sentinel-split-brain':
    '脑裂：网络分区把 m 和哨兵 s1 与 r1、r2、s2、s3 隔开。m 这一侧的客户端继续写入，m 回复 OK：没有人告诉主节点它的从节点听不到它了。另一侧的 s2 和 s3 看到 m 下线并达成一致（quorum 2），以 3 票中的 2 票（多数）选出领头哨兵并提升 r1。有一段时间存在两个主节点。被隔离的 s1 仍然指向 m。网络恢复后，哨兵看到 m 自称主节点，于是向它发送 SLAVEOF r1（+convert-to-slave）：m 请求 r1 对它自己的历史做部分重同步，r1 从未见过这段历史，随后的完整重同步丢弃了 m 独自接受的所有写入。在网络恢复前后比较 `m> MGET cart:1 cart:2 cart:3 cart:4`，并查看 `s1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster`。',
  'sentinel-split-brain-min-replicas':
    '同样的脑裂，但 m 设置了 min-replicas-to-write 1 和 min-replicas-max-lag 10：只有至少一个从节点在 10 秒内确认过它的复制流（REPLCONF ACK，每秒一次）时，m 才接受写入。被隔离后，m 仍然接受最初几秒的写入，它们和之前一样丢失了；从节点的延迟超过 10 秒后，它以 -NOREPLICAS 拒绝写入，客户端因此得知，而不是悄无声息地丢失数据。min-replicas 不能防止丢失：它把丢失限制在大约 min-replicas-max-lag 秒的写入之内。分区期间在 `m> INFO replication` 中观察 lag，结束时看 `m> MGET cart:1 cart:2 cart:3 cart:4`。',
  'sentinel-no-quorum':
    '达不到 quorum，然后达不到多数。三个哨兵以 quorum 2 监视 m；其中两个崩溃。当 m 也崩溃时，剩下的 s1 把它标记为 +sdown（主观下线），但没有其他哨兵回答它的 is-master-down-by-addr：它永远到不了 +odown（客观下线），所以故障转移不会开始，r1 仍是从节点。把 quorum 降到 1 后，s1 自己就能同意：+odown #quorum 1/1、新的纪元、+try-failover。但要领导故障转移，哨兵需要它所知道的全部哨兵中多数（3 个中的 2 个）的投票，与 quorum 无关：单独一个永远不会当选，它记录 -failover-abort-not-elected，并且要等两倍 failover-timeout 之后才会再试。quorum 决定主节点何时算下线；多数决定谁可以执行故障转移。试试 `s1> SENTINEL CKQUORUM mymaster` 和 `s1> SENTINEL MASTER mymaster`；`r1> ROLE` 显示 r1 仍是从节点。',
};

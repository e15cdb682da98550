/**
 * The answer policy: every threshold, weight and rule that decides whether a
 * question is answered, refused, and which sentences and figures lead. One
 * place, each knob with its reason and the measurement that set it, so a
 * change of policy is reviewed here and tested on small synthetic passages
 * (test/answer/policy.test.ts) without building an index.
 *
 * Measurements are `jiceng eval` on the project's own set (own) and the shared
 * development set (dev); `dev-colloquial` only checks that a change
 * generalises, it never set a value.
 */
import { MEASURE_WORDS } from "../facts/units.js";

// ——— Refusal: does any passage answer the question? ———

/**
 * IDF-weighted share of the question's keywords a passage (title + section +
 * text) must contain to count as answering. 0.45: at 0.5 answerable dev
 * questions with one colloquial word were refused; at 0.4 u-traps about
 * another place's figure were answered.
 */

export const ANSWER_THRESHOLD = 0.45;

/**
 * One side of a comparison covers only its part of the question ("碧江和思南的
 * 三方联动": each region's passage lacks the other region's words), so each
 * side needs this share of the threshold.
 */
export const COMPARE_THRESHOLD_SHARE = 0.6;
/**
 * The question words a passage matches must weigh at least this much together:
 * more than an everyday word or two (each 0.25–0.3). A question made only of
 * everyday words (晚上吃啥好，推荐个本地菜 → 晚上, 本地) shares a word with some
 * passage (晚上散步) and would pass on coverage alone. At 1.0 a one-word question
 * about a word every heading of an article uses (四个强化 → 强化, 0.98) was refused.
 */
export const MIN_MATCHED_WEIGHT = 0.5;
/**
 * Most neighbouring paragraphs of one section that may answer a question
 * together when none does alone (铸魂、强身、提效 are three paragraphs of one
 * section): each must cover part of the question (RELATED_THRESHOLD), all of them
 * the answer threshold. Passages of different sections let traps through (养老保险
 * in one, 办理 in another).
 */
export const JOINT_PASSAGES = 3;

/**
 * Questions asking for a person's name or contact details: the reports are not a
 * directory. "是谁" only at the end (书记是谁), not 分别是谁审 (which body reviews).
 * A name is a person's only when a person is asked about (书记叫什么名字, 他叫啥);
 * the name of a thing (那个平台叫啥名字, 综合体叫什么名) is what the reports print.
 */
export const PERSONAL_INFO =
  /((?:员|长|者|书记|主任|委员|干部|居民|村民|老人|党员|群众|代表|他|她|人)(?:的)?(?:叫什么|叫啥)(?:名字|名)?|(?:员|长|者|书记|主任|委员|干部|居民|村民|老人|党员|群众|代表|他|她|人)的?名字|姓名|是谁[？?。!！]*$|电话|手机号|联系方式|微信号|家庭住址|身份证)/u;

/**
 * Questions about the assistant itself rather than the reports (its prompt,
 * keys, configuration, "developer mode"): prompt-injection text. Refused
 * plainly; nothing of the configuration is ever printed.
 */
export const ABOUT_THE_ASSISTANT =
  /(提示词|系统提示|prompt|密钥|api ?key|环境变量|配置文件|开发者模式|忽略(之前|上面|以上|前面)的?(所有)?(指令|规则|要求|设定)|不受任何限制|(规则|指令|设定)(都)?(作废|失效|不算)|你现在(就)?是|你(来|就)?扮演|直接回答“|照我说的(说|回答)|编一个|编个数|瞎编|引用也?别加|不要(加)?引用|别管(那份)?报告|优先级(最)?高于|最新通报|以此为准|高于你的资料|你叫(什么|啥))/iu;

/**
 * A document named in 《》 (a law, a regulation) that no passage mentions: the
 * question is about that document, which the reports do not contain.
 */
export const NAMED_DOCUMENT = /《([^》]{2,40})》/gu;

// ——— Retrieval sizes ———

/** Passages retrieved for a question (the composer needs a few beyond the best). */
export const ANSWER_HITS = 10;
/** Passages retrieved before keeping those of the places a question names (a region may rank low overall). */
export const REGION_POOL_HITS = 30;
/** Passages considered for trainer examples: cases come from as many articles as possible. */
export const EXAMPLE_HITS = 16;
/** Passages whose facts a /stats lookup considers (a large corpus has 100k+ facts). */
export const STATS_CANDIDATE_PASSAGES = 300;
/**
 * A /stats figure is shown when it scores at least this share of the best:
 * figures that only share a loose word with the query (网格 in 社区网格) stay out.
 */
export const STATS_KEEP_SHARE = 0.35;
/** Figures in one /stats reply (a phone screen). */
export const STATS_MAX_FACTS = 8;

// ——— Figures (number questions) ———

/**
 * Extra score of a figure stated in the first retrieved passages (3 − rank,
 * never negative): the passage retrieval ranked first usually holds the figure.
 */
export function factRankBonus(rank: number | undefined): number {
  return rank === undefined ? 0 : Math.max(0, 3 - rank);
}

/**
 * A figure leads only when its label + sentence cover the question about as
 * well as the best sentence found (share of that coverage).
 */
export const FACT_COVERAGE_SHARE = 0.9;
/** The counted thing ends the label (社区老年食堂和托育中心 counts 中心): words of the label's end compared with the question. */
export const LABEL_TAIL_WORDS = 3;
/** How well a question word must match the label's end (a synonym matches 0.9, most bigrams of a typo 0.7). */
export const LABEL_MATCH_MIN = 0.7;
/**
 * A figure's clause often has no subject of its own: it is the clause before
 * it in the sentence (盘活闲置老年活动室出租,每年为村集体增收4万元). That clause
 * names the label at this discount (below the figure's own clause, 0.9), so a
 * question word found there alone still passes LABEL_MATCH_MIN.
 */
export const PREVIOUS_CLAUSE_WEIGHT = 0.8;
/**
 * The thing a question counts (几个社区干部) may be named once at the head of a
 * sentence that lists several counts of it; named there outright or through the
 * lexicon (a match of 0.9 or more, never by parts or a typo), it counts.
 */
export const SENTENCE_NAMES_MIN = 0.9;
/**
 * Measure words that name what is counted (几处, 多少桶, 几场): when no figure's
 * label is the question's subject, the one figure in such a unit among the
 * relevant figures answers (清理杂物42处 for 楼道里堆的破烂清了多少处). Generic
 * units (个, 人, 名, 元, 次, %) count too many things to single one out.
 */
const GENERIC_MEASURES: ReadonlySet<string> = new Set(["个", "名"]);
export const SPECIFIC_MEASURES: ReadonlySet<string> = new Set([...MEASURE_WORDS, "起", "亩"].filter((u) => !GENERIC_MEASURES.has(u)));
/** At most this many figures in a number answer. */
export const MAX_FIGURES = 3;
/** A second figure is shown only when it scores at least this share of the lead, in the same place. */
export const SECOND_FIGURE_SHARE = 0.7;

/**
 * A head count (多少人, 几个人) is not answered by attendances (人次: one person
 * trained twice counts twice): this unit is dropped from what such a question accepts.
 */
export const ATTENDANCE_UNIT = "人次";

/**
 * Words that ask for a total that exists (一共有, 总数…; not 一共请了, which
 * sums what was done): a figure of what was added or done in a period (发展,
 * 新增, 培训…) is not that total, and the question is refused when only such
 * figures exist.
 */
export const ASKS_TOTAL = /((一共|总共|总计|合计|共)(有|是)|总数|总量|总人数|总(收入|人口|面积|投资|金额|产值|户数)|全部加起来)/u;
/**
 * A number question word followed directly by what is measured (几岁退休,
 * 多少人参加): group 1 is the text after it, whose first keyword the figure's
 * own clause must name (35.5岁 is an average age, not a retirement age).
 */
export const MEASURED_AFTER = /(?:几岁|多少岁|多少人|几个人|多少名|几名|多少次|几次|多少个|几个)(\p{Script=Han}{2,})/u;

/**
 * A split asked for (男女各占多少, 城乡各有多少): the figure must name each
 * side; a total of the whole (后备力量312人) is not its split.
 */
export const ASKS_SPLIT = /(男女|城乡|老中青|党员和群众|干部和群众)(?:各|分别)(?:占|有|是)?(?:多少|几)/u;
/** A question about a part of a whole it quotes (860人次的培训里，书记占了多少): the whole's figure is not the answer. */
export const ASKS_PART = /(其中|当中|\d[^，,。？?]{0,8}(里|中))[^。？?]{0,14}(占|有)(了)?(多少|几)/u;
/** A question that asks to confirm a figure it states (是不是2468人, 有52名吗): that figure may answer it. */
export const ASKS_CONFIRM = /(是不是|是否|对不对|对吗|没错吧|吗[？?。!！]*$)/u;
/** The sides of a split, by its name. */
export const SPLIT_SIDES: Readonly<Record<string, readonly string[]>> = {
  男女: ["男", "女"],
  城乡: ["城", "乡"],
  老中青: ["老", "中", "青"],
  党员和群众: ["党员", "群众"],
  干部和群众: ["干部", "群众"],
};
/** Measure words that count the same things: a question in one is answered by a figure in another (几条指标 → 10项指标). */
export const SAME_MEASURES: readonly (readonly string[])[] = [
  // items, matters and decisions (几件事 → 决策事项8项)
  ["项", "条", "件"],
  // bodies counted by 家 or 个 (几家部门 → 9个部门)
  ["个", "家"],
];
/** A question asking outright for a share: answered by a percentage only (工资 in 按工资的百分之几交 does not make it a wage question). */
export const ASKS_SHARE = /(百分之几|百分之多少|占比(?:是)?多少|比例(?:是)?多少|几成|多少%|百分比)/u;
/** An age printed as a bound (35岁以下, 60岁以上) qualifies who is counted: it answers only a question about age. */
export const AGE_BOUND = /^\d+(?:\.\d+)?岁(?:以下|以上|及以上|及以下)/u;
/** Units of averages and rates (4116元/月, 35.5岁, 71.3%): never a total. */
export const NOT_A_TOTAL_UNITS: ReadonlySet<string> = new Set(["%", "元/月", "元/年", "岁"]);
/**
 * Which way money moves: spent (投了多少钱), earned (一年进多少钱), saved (省了多少),
 * or a price (一斤能卖多少钱).
 * A money question that says which way is not answered by a figure whose own
 * clause moves money the other way (总共投了多少钱 is not 年增收6万元). The first
 * direction that matches is the text's: income words come before the bare 资金/经费
 * (村集体收益资金 is earned).
 */
export const MONEY_DIRECTIONS: readonly (readonly [string, RegExp])[] = [
  // a price per unit (一斤能卖多少钱) is none of the others: no income or spending answers it
  ["price", /(单价|价格|价钱|售价|[一每](?:斤|公斤|千克|桶|个|件|亩)(?:能|可以)?(?:卖|要|值)?多少钱|多少钱一)/u],
  ["earned", /(增收|收入|创收|挣|赚|进账|进多少|营收|分红|收益)/u],
  ["spent", /(投入|投资|投了|总投|花了|花费|耗资|资金|拨付|补助|补贴|奖励|经费)/u],
  ["saved", /(节约|节省|省了|省下|减少支出)/u],
];
/** Labels of averages and rates (平均报酬, 化解率, 占比): never a total. */
export const AVERAGE_OR_RATE = /(平均|率|占比|比例|人均)/u;

/** Verbs right before a figure that make it a flow over a period (what was added, done or selected), not a stock. */
export const FLOW_VERB = /(发展|新增|新建|培训|招录|选聘|吸纳|推荐|选拔|评选|表彰|举办|开展|办理|化解|清理|取消|增收)/u;

// ——— Sentence choice ———

/** Longest answer body we aim for (a phone screen). */
export const MAX_ANSWER_CHARS = 420;
/** Sentences that lean on the previous one (该/此/同时…): shown with it. */
export const LEANS_BACK = /^(该|此|同时|其中|这|此外|对此|为此|因此|另外)/u;
/** A sentence that is only a quotation: its speaker comes in the next sentence. */
export const ONLY_QUOTE = /^“[^“”]*”$/u;
/** A neighbour longer than this is not pulled in to support a leaning sentence (it would crowd the answer). */
export const MAX_NEIGHBOUR_CHARS = 160;
/**
 * A run-in heading: a short first sentence of a paragraph (抓理论武装促“铸魂”。,
 * 丰富发挥作用载体。) that introduces the paragraph. Never quoted alone.
 */
export const RUN_IN_HEADING_MAX_CHARS = 16;

/** Sentence score: bonus per unit of the section heading's coverage (a heading naming the topic makes every paragraph a practice of it). */
export const HEADING_WEIGHT_HOWTO = 0.5;
export const HEADING_WEIGHT_OTHER = 0.25;
/** Sentence score: bonus of the passage retrieval ranked first, decaying with rank (0.12 / (1 + rank)). */
export const RANK_WEIGHT = 0.12;
/** Sentence score: a sentence that keeps coming back to the topic is about it (per mention, up to 5). */
export const MENTION_WEIGHT = 0.03;
export const MENTION_CAP = 5;
/** Sentence score: a figure in a sentence answering a number question. */
export const NUMBER_BONUS = 0.15;
/** Sentence score: topic sentences lead paragraphs (how-to). */
export const FIRST_SENTENCE_BONUS = 0.05;
/** Sentence score: a case to retell is short; longer sentences lose this much (examples). */
export const LONG_EXAMPLE_CHARS = 150;
export const LONG_EXAMPLE_PENALTY = 0.25;
/**
 * Sentence score: an article's lead paragraph and openings (近年来…) are general
 * summaries, rarely the practice asked for (how-to, examples).
 */
export const SUMMARY_PENALTY = 0.15;
/** Openings and summaries: general sentences that frame an article rather than state a practice. */
export const SUMMARY_SENTENCE = /^(近年来|近年|今年以来|年初以来|一直以来|多年来|长期以来|总之|总的来看)/u;
/**
 * Sentence score: a concrete sentence (a figure, a named practice in quotes, or
 * an action with an object like 建立/设立/开展) is what a how-to question wants.
 */
export const CONCRETE_BONUS = 0.08;
export const CONCRETE_SENTENCE = /(\d|“[^”]{2,12}”|建立|建成|设立|设置|成立|组建|推行|实行|开展|打造|划分|配备|选派|吸纳|整合|取消|清理)/u;

/** A trainer asking for residents' own words (原话, 原声, 怎么夸的) wants quotations first. */
export const ASKS_QUOTE = /(原话|原声|原句|金句|怎么夸|夸.{0,6}的话|怎么说的|说了啥|说过什么)/u;
/** Sentence score: a quotation, when the question asks for one. */
export const QUOTE_BONUS = 0.3;

/** Share of the best sentence score a sentence needs, by answer shape. */
export const KEEP_SHARE = { number: 0.8, howto: 0.6, general: 0.8, example: 0.55, compare: 0.6 } as const;
/** Sentences in an answer, by shape. */
export const MAX_SENTENCES = { number: 2, howto: 4, general: 2, example: 4 } as const;
/** Sentences of one passage in a how-to or general answer (room for other passages). */
export const MAX_PER_PASSAGE = 2;

/** A section whose heading covers this share of the question is the topic (强化减负松绑 for 如何减负): its paragraphs are the practices. */
export const TOPIC_HEADING_COVERAGE = 0.7;
/** Paragraphs of a topic section read at most. */
export const TOPIC_SECTION_MAX_PARAGRAPHS = 12;
/** Passages among the first retrieved in which a topic section is looked for. */
export const TOPIC_SECTION_LOOKUP = 5;

/** Comparisons: figures per place, sentences per place, and the length budget of each place's sentences. */
export const COMPARE_FIGURES_PER_PLACE = 2;
export const COMPARE_SENTENCE_BUDGET = 200;
/** Comparisons without named places: places taken from the first figures, at most this many. */
export const COMPARE_MAX_PLACES = 3;
export const COMPARE_FACTS_LOOKED_AT = 6;

/**
 * A part of a number question that asks how (…多少人，是怎么做的): the answer
 * gives the figure and then the practice, each cited.
 */
export const ASKS_HOW_PART = /(怎么|如何|咋|怎样)/u;
/** A part of a number question that asks what something is called or is (薪酬体系叫啥、平均一月多少): its sentence is shown too. */
export const ASKS_WHAT_PART = /(叫啥|叫什么|啥名|什么名|是啥|是什么)/u;
/**
 * A question that asks what something is (搭了个啥平台, 成立了什么队伍) before any
 * count in its clause that is "several" (让几家一块儿管: after 让/给/和…, and the
 * clause goes on past it), not a count asked (年龄卡多少岁; 符合什么条件的老人能领多少):
 * when no figure answers, its sentences do, rather than a refusal of the count.
 */
export const ASKS_WHAT_THING =
  /(啥|什么)(?!时候|时间)\p{Script=Han}{1,4}[^几多，,。；;？?]*(让|给|和|跟|与|帮|叫|请)(几|多少)\p{Script=Han}\p{Script=Han}{2,}/u;
/** A question for a change from one state to another (实现了从啥到啥的转变, 那两个“从……到……”). */
export const ASKS_FROM_TO = /从(啥|什么|哪|…|\.\.\.|……).{0,4}到(啥|什么|哪|…|\.\.\.|……)/u;
/** Words a from-to question uses for the change itself (转变, 变化): a passage stating one covers them. */
export const CHANGE_WORD = /^(转变|变化|转化|改变|转型|实现|变成)$/u;
/** A sentence stating such a change: 从“被动应对”到“主动服务”. */
export const STATES_FROM_TO = /从“[^”]{2,10}”到“[^”]{2,10}”|从[\p{Script=Han}]{2,8}到[\p{Script=Han}]{2,8}的(转变|转化|变化)/u;
/** Practice sentences added after the figures of a two-part question. */
export const HOW_PART_SENTENCES = 2;

/** A comparison that asks which place has more (哪个党员多, 谁更高): the figures side by side. */
export const ASKS_WHICH_MORE = /(哪个|哪里|哪边|谁)(的)?[^，,。？?]{0,8}?(更)?(多|少|高|低|大|小|强|快)/u;

/** Sections shown per place when a question names places and no topic (碧江有啥经验, 碧江和思南有啥不一样). */
export const OVERVIEW_SECTIONS = 6;

// ——— Trainer cases ———

/**
 * A case is about the topic when each of the topic's most specific words is in
 * the case or its section heading: the words found in at most this many times
 * the passages of the rarest one (网格 in 网格化管理, in 4 of 70 paragraphs of the shipped
 * report, not 管理, in 8: at 2 both were required and grid cases were lost).
 */
export const TOPIC_DF_SPREAD = 1.5;
/** Derivational endings dropped to find a topic word's stem (网格化 → 网格, 规范化 → 规范). */
export const DERIVED_ENDING = /(化|式|型|性)$/u;

// ——— Lists ———

/**
 * A question asking for the items of a list: 哪几个/哪几方面/分别是/都有哪些/
 * 几个部分/小标题/包括什么. Answered with the items, each cited.
 */
export const ASKS_LIST =
  /(哪[几两二三四五六七八九十]|哪\d{1,2}\s*[个项条种类]|从哪些|挨个|逐个列|逐一列|一一列|列一下|列出来|哪些(?:队伍|群体|单位|部门|情况)|几个方面|哪些方面|几个部分|哪些部分|分别是|分别指|各指|各是什么|都有哪些|都是啥|都是什么|包括哪些|包括什么|小标题|指的是啥|指的是什么|是哪些|有哪几)/u;
/** Questions about an article's structure: answered with its section headings. */
export const ASKS_SECTIONS =
  /(几个部分|哪些部分|小标题|大标题|标题都是|分了哪几|几大块|哪几块|每块|几个板块|哪几个方面|几个方面|文章.*结构|稿子.*(部分|标题)|(文章|稿子|这篇|那篇).*(几|哪).*(部分|块|段落|标题))/u;
/**
 * A question about an article's own structure (那篇稿子分了哪几块, 几个大标题都是啥):
 * it names the article (文章, 稿子, 这篇) and its parts (部分, 块, 标题), or asks
 * for headings outright. Answered with the article's section headings even when
 * no other word of the question is in the reports.
 */
export const ASKS_ARTICLE_OUTLINE =
  /((文章|稿子|这篇|那篇|全文).{0,12}(几个部分|哪几个部分|哪些部分|分了?几|几块|哪几块|几大块|几个板块|标题|题目|章节)|(文章|稿子|这篇|那篇)的?结构|小标题|大标题|每部分|每块标题|每个部分的)/u;
/** A question about how an article opens (文章一上来就点出来了, 开头怎么说的): answered from its lead paragraph. */
export const ASKS_OPENING = /(一上来|开头|开篇|第一段|头一段|导语|开门见山|开宗明义|最前面)/u;
/**
 * A question that names its items and asks about each (抓理论、抓组织、抓制度，各自是为了啥;
 * 铸魂、强身、提效分别靠什么): the items are printed in one clause, joined by 、, and a
 * later word asks for each. Each item is answered by the sentence that names it.
 */
export const ASKS_EACH = /(各自|分别|各是|各为|各指|各靠|各对应)/u;
/** Longest item of such a question (抓理论 3, 主题党日 4): longer runs are clauses. */
export const EACH_ITEM_MAX_CHARS = 6;
/** Most characters one blank (…) of a quotation asked with blanks stands for (“权…责…” → 权小责大). */
export const MASK_GAP_MAX = 3;
/** Sentences of the lead paragraph an opening question is answered with. */
export const OPENING_SENTENCES = 2;
/** Words of an outline question that say "article" or "part", not what it is about. */
export const OUTLINE_WORDS = /^(文章|篇文章|这篇|那篇|稿子|全文|材料|报道|部分|几块|板块|标题|小标题|大标题|题目|结构|章节|框架|每部分|每块|写的|写了)$/u;
/** Nouns of people: 几个党员 counts people (stated as 5名), 几个城市社区 counts things (stated as 个); 发展对象, 入党对象 are people. */
export const PERSON_NOUN = /(员|人|长|者|干部|分子|书记|主任|委员|代表|群众|居民|村民|青年|学生|考生|老人|党员|家庭|户|对象)$/u;
/**
 * A question for a time or a date (几点, 什么时候, 哪个月): answered only by a
 * sentence that states one (a year, a month, a day, a time), never by a loosely
 * related sentence or a count.
 */
export const ASKS_WHEN = /(几点|什么时候|啥时候|何时|哪天|哪一天|哪个月|几月份|几月|几号|哪一年|哪年)/u;
/** A question for how often (多长时间开一回, 多久一次): answered only by a sentence that states a frequency (一年开几次 is a count, answered by figures). */
export const ASKS_FREQUENCY = /(多长时间|多久|多少天|几天|几个月)[^，,。？?]{0,4}(一回|一次|一趟|一期)|频率|频次/u;
/** A sentence stating a frequency answers 多久一次 only when it answers the question this well relative to the best sentence. */
export const FREQUENCY_SCORE_SHARE = 0.5;
/** A frequency printed in a sentence: 每月, 每半年, 每周一次, 定期. */
export const STATES_FREQUENCY = /(每(?:天|日|周|星期|月|季度|季|半年|年|两年)|[一二三四两]月一次|定期)/u;
/**
 * A question for a change (比去年涨了多少, 增加了几个): answered only by a figure
 * whose clause states a change (增长, 提高, 较上届…), never by a level (平均报酬4116元/月).
 */
export const ASKS_CHANGE =
  /(涨了|增加了|增长了|提高了|上涨了|多了|比去年|比上年|比往年|同比|环比)[^，,。？?]{0,6}(多少|几)|(多少|几)[^，,。？?]{0,4}(增幅|涨幅)/u;
/** A figure's clause stating a change. */
export const STATES_CHANGE = /(增长|增加|增收|提高|提升|上涨|上升|较上|比上|同比|环比|增幅|涨幅|新增)/u;
/** A date or time printed in a sentence. */
export const STATES_WHEN = /((?:19|20)\d{2}年|\d{1,2}月|\d{1,2}日|\d{1,2}[:：]\d{2}|\d{1,2}点|[上下]午|晚上|早上)/u;
/**
 * Longest item of a printed parallel phrase list: slogans run to a dozen
 * characters (整合党政干部强政府治理, 11); longer runs between 、 are ordinary
 * enumerations of clauses.
 */
export const PARALLEL_ITEM_MAX_CHARS = 12;
/**
 * Coverage of the question a sentence needs before its plain enumeration is
 * taken as the list asked for (the answer threshold: the sentence alone must
 * answer the question as a passage would).
 */
export const ENUMERATION_MIN_COVERAGE = 0.45;
/** A list question for where people or things are drawn from (从哪些人里挑): answered by what a sentence draws from (从A和B等队伍中). */
export const ASKS_SOURCES = /从哪些|从哪几|从什么(?:人|队伍|地方)|来自哪|从哪(?:里|儿)?来|哪来的/u;
/** Longest item of a 从…等 list (35岁以下的农村致富能手, 12): longer runs are clauses, not items. */
export const DENG_ITEM_MAX_CHARS = 14;
/** A lower-ranked passage's enumeration must cover the question this much better per rank to win. */
export const ENUMERATION_RANK_STEP = 0.05;
/** What a list question may ask for without naming a kind of thing: any list answers 哪几个方面, 哪些情况. */
export const GENERIC_CATEGORIES = /^(方面|情况|东西|内容|事情|事项|做法|举措|措施|办法|东东|样东西|个方面|句话|句|话|个字|字|条|事|样|种|个|块|点)$/u;
/** A request to have items listed one by one (挨个列一下, 列出来): a list question whose named count is the list's size. */
export const LIST_REQUEST = /(挨个|逐个列|逐一列|一一列|列一下|列出来)/u;
/** Longest list a list request may name (那25个环节): beyond it a count is not a list. */
export const LISTED_MAX_ITEMS = 30;
/** A list question that names some items and asks for the rest (亮身份后面还有哪两个, 除了程序关还有哪两关). */
export const ASKS_THE_REST = /(除了|之外|以外|后面还有|还有哪|另外还有|其余|其他的?还有)/u;
/**
 * A question for the most or least of something (收入最高的一个月): an average or a rate
 * (平均报酬4116元/月) never answers it.
 */
export const ASKS_EXTREME = /(最高|最多|最低|最少|最大|最小|最长|最短)/u;
/** Items a list answer shows at most. */
export const MAX_LIST_ITEMS = 8;
/** A list needs at least this many items; fewer and the question is answered with sentences. */
export const MIN_LIST_ITEMS = 2;

// ——— Helpful refusals ———

/** Lines of nearby content a refusal offers (cited), so the worker can ask again. */
export const REFUSAL_RELATED_LINES = 2;
/** Coverage a passage needs to be offered as related content in a refusal (half the answer threshold). */
export const RELATED_THRESHOLD = 0.2;

/**
 * Common Japanese family and given names with their katakana readings, for the demo residents.
 * Family names are listed roughly by how common they are (the draw weights follow the order);
 * given names are split by sex and by generation, because elderly and younger residents' names differ.
 */
import { WeightedChoice } from './random.ts';

export interface NameWithReading {
  kanji: string;
  kana: string;
}

function parse(list: string): NameWithReading[] {
  return list
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [kanji, kana] = pair.split(':');
      if (!kanji || !kana) throw new Error(`bad name entry: ${pair}`);
      return { kanji, kana };
    });
}

const familyNames = parse(`
  佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ 山本:ヤマモト 中村:ナカムラ
  小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ 松本:マツモト 井上:イノウエ
  木村:キムラ 林:ハヤシ 斎藤:サイトウ 清水:シミズ 山崎:ヤマザキ 森:モリ 池田:イケダ 橋本:ハシモト
  阿部:アベ 石川:イシカワ 山下:ヤマシタ 中島:ナカジマ 石井:イシイ 小川:オガワ 前田:マエダ 岡田:オカダ
  長谷川:ハセガワ 藤田:フジタ 後藤:ゴトウ 近藤:コンドウ 村上:ムラカミ 遠藤:エンドウ 青木:アオキ 坂本:サカモト
  斉藤:サイトウ 福田:フクダ 太田:オオタ 西村:ニシムラ 藤井:フジイ 金子:カネコ 岡本:オカモト 藤原:フジワラ
  中野:ナカノ 三浦:ミウラ 原田:ハラダ 中川:ナカガワ 松田:マツダ 竹内:タケウチ 小野:オノ 田村:タムラ
  中山:ナカヤマ 和田:ワダ 石田:イシダ 森田:モリタ 上田:ウエダ 原:ハラ 内田:ウチダ 柴田:シバタ
  酒井:サカイ 宮崎:ミヤザキ 横山:ヨコヤマ 高木:タカギ 安藤:アンドウ 宮本:ミヤモト 大野:オオノ 小島:コジマ
  谷口:タニグチ 今井:イマイ 工藤:クドウ 高田:タカダ 増田:マスダ 丸山:マルヤマ 杉山:スギヤマ 村田:ムラタ
  大塚:オオツカ 小山:コヤマ 藤本:フジモト 平野:ヒラノ 新井:アライ 河野:コウノ 上野:ウエノ 野口:ノグチ
  武田:タケダ 松井:マツイ 千葉:チバ 岩崎:イワサキ 菅原:スガワラ 木下:キノシタ 久保:クボ 佐野:サノ
  野村:ノムラ 松尾:マツオ 菊地:キクチ 杉本:スギモト 市川:イチカワ 古川:フルカワ 大西:オオニシ 島田:シマダ
  水野:ミズノ 桜井:サクライ 高野:タカノ 渡部:ワタナベ 吉川:ヨシカワ 山内:ヤマウチ 西田:ニシダ 飯田:イイダ
  菊池:キクチ 西川:ニシカワ 小松:コマツ 北村:キタムラ 安田:ヤスダ 五十嵐:イガラシ 川口:カワグチ 平田:ヒラタ
  関:セキ 中田:ナカタ 久保田:クボタ 服部:ハットリ 東:アズマ 岩田:イワタ 土屋:ツチヤ 川崎:カワサキ
  福島:フクシマ 本田:ホンダ 辻:ツジ 樋口:ヒグチ 秋山:アキヤマ 田口:タグチ 永井:ナガイ 山中:ヤマナカ
  中西:ナカニシ 吉村:ヨシムラ 川上:カワカミ 大橋:オオハシ 石原:イシハラ 松岡:マツオカ 浅野:アサノ 馬場:ババ
  荒木:アラキ 大久保:オオクボ 野田:ノダ 小池:コイケ 松下:マツシタ 熊谷:クマガイ 菅野:カンノ 大谷:オオタニ
  須藤:スドウ 星野:ホシノ 黒田:クロダ 内藤:ナイトウ 尾崎:オザキ 松村:マツムラ 早川:ハヤカワ 片山:カタヤマ
`);

const elderlyMaleNames = parse(`
  清:キヨシ 茂:シゲル 博:ヒロシ 勇:イサム 実:ミノル 進:ススム 正:タダシ 修:オサム 武:タケシ 明:アキラ
  勝:マサル 隆:タカシ 誠:マコト 和夫:カズオ 正夫:マサオ 幸雄:ユキオ 秀雄:ヒデオ 一郎:イチロウ 次郎:ジロウ
  三郎:サブロウ 健一:ケンイチ 義雄:ヨシオ 俊夫:トシオ 光男:ミツオ 孝:タカシ 豊:ユタカ 稔:ミノル 功:イサオ
  敏夫:トシオ 信夫:ノブオ 輝夫:テルオ 昇:ノボル 徹:トオル 弘:ヒロシ 正男:マサオ 良一:リョウイチ 昭二:ショウジ
  勝利:カツトシ 政雄:マサオ 健二:ケンジ 賢治:ケンジ 武志:タケシ 文雄:フミオ 秀夫:ヒデオ 栄一:エイイチ
`);

const elderlyFemaleNames = parse(`
  和子:カズコ 幸子:サチコ 節子:セツコ 洋子:ヨウコ 恵子:ケイコ 京子:キョウコ 美智子:ミチコ 久子:ヒサコ
  弘子:ヒロコ 文子:フミコ 悦子:エツコ 照子:テルコ 信子:ノブコ 良子:ヨシコ 静子:シズコ 澄子:スミコ
  君子:キミコ 千代子:チヨコ 清子:キヨコ 和枝:カズエ 敏子:トシコ 光子:ミツコ 正子:マサコ 芳子:ヨシコ
  美代子:ミヨコ 登美子:トミコ 喜美子:キミコ 愛子:アイコ 典子:ノリコ 順子:ジュンコ 春子:ハルコ 房子:フサコ
  八重子:ヤエコ ハル:ハル キヨ:キヨ 富子:トミコ 貞子:サダコ 綾子:アヤコ 勝子:カツコ 冨美子:フミコ 美佐子:ミサコ
  百合子:ユリコ 紀子:ノリコ 松子:マツコ 雅子:マサコ
`);

const youngerMaleNames = parse(`
  浩二:コウジ 健太:ケンタ 大輔:ダイスケ 直樹:ナオキ 拓也:タクヤ 翔太:ショウタ 達也:タツヤ 和也:カズヤ
  剛:ツヨシ 亮:リョウ 大樹:ダイキ 雄一:ユウイチ 修一:シュウイチ 智之:トモユキ 隆之:タカユキ 洋平:ヨウヘイ
  裕太:ユウタ 翔:ショウ 蓮:レン 悠斗:ユウト 陽太:ヒナタ 健:ケン 学:マナブ 聡:サトシ
`);

const youngerFemaleNames = parse(`
  恵美:エミ 明美:アケミ 真由美:マユミ 智子:トモコ 久美子:クミコ 直美:ナオミ 美穂:ミホ 愛:アイ
  彩:アヤ 舞:マイ 麻衣:マイ 恵:メグミ 香織:カオリ 美紀:ミキ 沙織:サオリ 優子:ユウコ 由美子:ユミコ
  裕子:ユウコ 陽子:ヨウコ 美咲:ミサキ 結衣:ユイ 陽菜:ヒナ 千尋:チヒロ 真理子:マリコ
`);

const byRank = (names: NameWithReading[]) =>
  new WeightedChoice(names.map((name, rank) => [name, 1 / (rank + 8)] as const));
const evenly = (names: NameWithReading[]) => new WeightedChoice(names.map((name) => [name, 1] as const));

export const familyNameChoice = byRank(familyNames);

/** Given names by sex and generation ('elderly' = born before about 1960). */
export const givenNameChoice = {
  M: { elderly: evenly(elderlyMaleNames), younger: evenly(youngerMaleNames) },
  F: { elderly: evenly(elderlyFemaleNames), younger: evenly(youngerFemaleNames) },
} as const;

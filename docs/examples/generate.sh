#!/bin/sh
# Regenerates the example files in this folder with the real binary: a fresh plan repository,
# two months of reports from two liaison officers, the October and November monthly meetings
# with their decisions, indicator values for 2026-Q3; then the minutes (markdown and Word), the
# quarterly summary of 2026-Q4 (markdown and Word), the weekly 督办台账 to send out (Excel and
# Word), the 催办 notices and the one-page 简报 (markdown and Word), all as of 20 November.
#
#   cargo build && docs/examples/generate.sh target/debug/taskforce
set -eu
bin=$(realpath "${1:-target/debug/taskforce}")
out=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" TASKFORCE_REPO="$work/plan"
mkdir -p "$HOME"
zhang="张三 <zhang@example.cn>"
li="李四 <li@example.cn>"
# Each change is dated on its story day (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE, as with git).
n=0
tf() {
    day=$1; shift; n=$((n + 1))
    t=$(printf '%s %02d:%02d:00 +0800' "$day" $((9 + n / 60)) $((n % 60)))
    GIT_AUTHOR_DATE="$t" GIT_COMMITTER_DATE="$t" TASKFORCE_TODAY=$day "$bin" "$@" >/dev/null
}

tf 2026-09-01 init "$work/plan"
tf 2026-09-02 roster add-person 刘洋 --unit 市人社局 --role 就业处处长 --phone 0577-88960001 --author "$zhang"
tf 2026-09-02 roster add-person 赵敏 --unit 市民政局 --role 养老服务处处长 --phone 0577-88960002 --author "$li"
tf 2026-09-02 set A3-02 --owner 刘洋 --author "$zhang"
tf 2026-09-02 set A5-03 --owner 赵敏 --author "$li"
tf 2026-09-08 set A3-02 --cycle monthly --period 2026-09 --light yellow --problems "部分站点选址与用地未落实" --asks "请市资规局协调用地指标" --author "$zhang"
tf 2026-09-10 set A4-01 --cycle monthly --period 2026-09 --light green --progress "县域医共体牵头医院名单已确定" --author "$li"
tf 2026-10-08 set A3-02 --cycle monthly --period 2026-10 --light green --progress "12个站点完成选址" --author "$zhang"
tf 2026-10-09 set A5-03 --cycle monthly --period 2026-10 --light yellow --problems "护理员持证率偏低" --asks "请市人社局支持培训补贴" --author "$li"
tf 2026-10-15 meeting new monthly --date "2026-10-15 14:30" --chair "王副市长" --place "市行政管理中心3号楼会议室" --attendee 市发展改革委 --attendee 市人社局 --attendee 市卫健委 --attendee 市民政局 --author "$zhang"
tf 2026-10-15 meeting decide "加快基层就业服务站点用地审批" --lead 市人社局 --co 市住建局 --deadline 2026-11-30 --measure A3-02 --author "$zhang"
tf 2026-10-15 meeting decide "完成乡镇卫生院慢性病一体化门诊摸底" --lead 市卫健委 --deadline 2026-11-15 --author "$zhang"
tf 2026-10-15 meeting decide "制定养老护理员培训补贴细则" --lead 市民政局 --co 市人社局 --deadline 2026-12-31 --measure A5-03 --author "$zhang"
tf 2026-10-15 meeting close --author "$zhang"
tf 2026-10-28 item set D2026-10-02 --status closed --approved-by "专班办公室" --basis "摸底报告已报送" --feedback "已完成摸底并报送" --author "$li"
tf 2026-11-03 set A3-02 --cycle monthly --period 2026-11 --light red --problems "用地指标仍未落实，3个站点无法开工" --asks "请市政府协调用地指标" --author "$zhang"
tf 2026-11-04 set A5-03 --cycle monthly --period 2026-11 --light yellow --problems "护理员持证率62%" --author "$li"
tf 2026-11-05 set A6-01 --deadline 2027-06-30 --author "$zhang"
tf 2026-11-06 item set D2026-10-01 --feedback "已提请市资规局会商" --author "$li"
tf 2026-11-12 meeting new monthly --date "2026-11-12 09:30" --chair "王副市长" --place "市行政管理中心3号楼会议室" --attendee 市发展改革委 --attendee 市人社局 --attendee 市民政局 --attendee 市住建局 --doc-no "温公服专班纪〔2026〕12号" --present "王明:副市长" --present "陈华:市政府副秘书长" --present "周强:市发展改革委主任" --observer "林芳:市资规局副局长" --to "专班各成员单位" --cc "市政府办公室" --author "$li"
tf 2026-11-12 meeting note "全市基本公共服务一体化改革总体推进有序，但基层就业服务站点用地、养老护理员持证率等问题仍较突出，个别举措连续未报送进展。" --kind pointed --author "$li"
tf 2026-11-12 meeting note "各牵头单位要对照年度目标倒排工期，红灯举措要逐项明确整改措施和完成时限，每周报送进展；专班办公室要加强督办，对连续未报送的单位予以通报。" --kind stressed --author "$li"
tf 2026-11-12 meeting decide "就业服务站点用地问题提请市政府专题会议研究" --lead 市发展改革委 --co 市人社局 --co 市住建局 --deadline 2026-12-15 --measure A3-02 --author "$li"
tf 2026-11-12 meeting decide "养老护理员持证率年底前提高到70%" --lead 市民政局 --co 市人社局 --deadline 2026-12-31 --measure A5-03 --author "$li"
tf 2026-11-12 meeting close --author "$li"
cp "$work/plan/minutes/M2026-11.md" "$out/minutes-M2026-11.md"

tf 2026-10-10 indicator record I20 --period 2026-Q3 --value 88.1 --note "含医疗救助" --author "$li"
tf 2026-10-10 indicator record I07 --period 2026-Q3 --value 2100 --author "$zhang"
tf 2026-10-10 indicator record I08 --period 2026-Q3 --value 606 --author "$zhang"
tf 2026-10-16 indicator target I08 --year 2026 --value 615 --basis "按2025年、2027年目标线性插值，经M2026-10议定" --author "$zhang"
tf 2026-10-10 landmark add --year 2026 --title "托育一件事集成改革" --measure A1-01 --lead 市教育局 --evidence "市政府办公室文件" --status in-progress --author "$zhang"
tf 2026-11-16 set A3-02 --cycle weekly --period 2026-W47 --light red --percent 35 --progress "9个站点已开工" --problems "3个站点用地未落实" --author "$zhang"
tf 2026-11-17 set A5-03 --cycle weekly --period 2026-W47 --light yellow --percent 62 --progress "新增持证护理员40人" --author "$li"
at() { TASKFORCE_TODAY=2026-11-20 "$bin" "$@" 2>/dev/null; }
at minutes M2026-11 -o "$out/minutes-M2026-11.docx"
at report quarterly --period 2026-Q4 > "$out/quarterly-2026-Q4.md"
at report quarterly --period 2026-Q4 -o "$out/quarterly-2026-Q4.docx"
at export ledger --cycle weekly -o "$out/ledger-2026-W47.xlsx"
at export ledger --cycle weekly -o "$out/ledger-2026-W47.docx"
at remind --cycle weekly -o "$out/remind-2026-W47.txt"
at report brief -o "$out/brief-2026-W47.md"
at report brief -o "$out/brief-2026-W47.docx"
echo "wrote $(cd "$out" && ls -- *.md *.docx *.xlsx *.txt | grep -v README | tr '\n' ' ')"

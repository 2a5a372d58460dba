# generates src/decoder/opcodes.ts (data only). Run once; output committed.
single = """
00 unreachable none
01 nop none
02 block block
03 loop block
04 if block
05 else none
0b end none
0c br label
0d br_if label
0e br_table br_table
0f return none
10 call func
11 call_indirect call_indirect
1a drop none
1b select none
1c select_t select_t
20 local.get local
21 local.set local
22 local.tee local
23 global.get global
24 global.set global
25 table.get table
26 table.set table
28 i32.load memarg i:i 2
29 i64.load memarg i:I 3
2a f32.load memarg i:f 2
2b f64.load memarg i:F 3
2c i32.load8_s memarg i:i 0
2d i32.load8_u memarg i:i 0
2e i32.load16_s memarg i:i 1
2f i32.load16_u memarg i:i 1
30 i64.load8_s memarg i:I 0
31 i64.load8_u memarg i:I 0
32 i64.load16_s memarg i:I 1
33 i64.load16_u memarg i:I 1
34 i64.load32_s memarg i:I 2
35 i64.load32_u memarg i:I 2
36 i32.store memarg ii: 2
37 i64.store memarg iI: 3
38 f32.store memarg if: 2
39 f64.store memarg iF: 3
3a i32.store8 memarg ii: 0
3b i32.store16 memarg ii: 1
3c i64.store8 memarg iI: 0
3d i64.store16 memarg iI: 1
3e i64.store32 memarg iI: 2
3f memory.size mem :i
40 memory.grow mem i:i
41 i32.const i32 :i
42 i64.const i64 :I
43 f32.const f32 :f
44 f64.const f64 :F
45 i32.eqz none i:i
46 i32.eq none ii:i
47 i32.ne none ii:i
48 i32.lt_s none ii:i
49 i32.lt_u none ii:i
4a i32.gt_s none ii:i
4b i32.gt_u none ii:i
4c i32.le_s none ii:i
4d i32.le_u none ii:i
4e i32.ge_s none ii:i
4f i32.ge_u none ii:i
50 i64.eqz none I:i
51 i64.eq none II:i
52 i64.ne none II:i
53 i64.lt_s none II:i
54 i64.lt_u none II:i
55 i64.gt_s none II:i
56 i64.gt_u none II:i
57 i64.le_s none II:i
58 i64.le_u none II:i
59 i64.ge_s none II:i
5a i64.ge_u none II:i
5b f32.eq none ff:i
5c f32.ne none ff:i
5d f32.lt none ff:i
5e f32.gt none ff:i
5f f32.le none ff:i
60 f32.ge none ff:i
61 f64.eq none FF:i
62 f64.ne none FF:i
63 f64.lt none FF:i
64 f64.gt none FF:i
65 f64.le none FF:i
66 f64.ge none FF:i
67 i32.clz none i:i
68 i32.ctz none i:i
69 i32.popcnt none i:i
6a i32.add none ii:i
6b i32.sub none ii:i
6c i32.mul none ii:i
6d i32.div_s none ii:i
6e i32.div_u none ii:i
6f i32.rem_s none ii:i
70 i32.rem_u none ii:i
71 i32.and none ii:i
72 i32.or none ii:i
73 i32.xor none ii:i
74 i32.shl none ii:i
75 i32.shr_s none ii:i
76 i32.shr_u none ii:i
77 i32.rotl none ii:i
78 i32.rotr none ii:i
79 i64.clz none I:I
7a i64.ctz none I:I
7b i64.popcnt none I:I
7c i64.add none II:I
7d i64.sub none II:I
7e i64.mul none II:I
7f i64.div_s none II:I
80 i64.div_u none II:I
81 i64.rem_s none II:I
82 i64.rem_u none II:I
83 i64.and none II:I
84 i64.or none II:I
85 i64.xor none II:I
86 i64.shl none II:I
87 i64.shr_s none II:I
88 i64.shr_u none II:I
89 i64.rotl none II:I
8a i64.rotr none II:I
8b f32.abs none f:f
8c f32.neg none f:f
8d f32.ceil none f:f
8e f32.floor none f:f
8f f32.trunc none f:f
90 f32.nearest none f:f
91 f32.sqrt none f:f
92 f32.add none ff:f
93 f32.sub none ff:f
94 f32.mul none ff:f
95 f32.div none ff:f
96 f32.min none ff:f
97 f32.max none ff:f
98 f32.copysign none ff:f
99 f64.abs none F:F
9a f64.neg none F:F
9b f64.ceil none F:F
9c f64.floor none F:F
9d f64.trunc none F:F
9e f64.nearest none F:F
9f f64.sqrt none F:F
a0 f64.add none FF:F
a1 f64.sub none FF:F
a2 f64.mul none FF:F
a3 f64.div none FF:F
a4 f64.min none FF:F
a5 f64.max none FF:F
a6 f64.copysign none FF:F
a7 i32.wrap_i64 none I:i
a8 i32.trunc_f32_s none f:i
a9 i32.trunc_f32_u none f:i
aa i32.trunc_f64_s none F:i
ab i32.trunc_f64_u none F:i
ac i64.extend_i32_s none i:I
ad i64.extend_i32_u none i:I
ae i64.trunc_f32_s none f:I
af i64.trunc_f32_u none f:I
b0 i64.trunc_f64_s none F:I
b1 i64.trunc_f64_u none F:I
b2 f32.convert_i32_s none i:f
b3 f32.convert_i32_u none i:f
b4 f32.convert_i64_s none I:f
b5 f32.convert_i64_u none I:f
b6 f32.demote_f64 none F:f
b7 f64.convert_i32_s none i:F
b8 f64.convert_i32_u none i:F
b9 f64.convert_i64_s none I:F
ba f64.convert_i64_u none I:F
bb f64.promote_f32 none f:F
bc i32.reinterpret_f32 none f:i
bd i64.reinterpret_f64 none F:I
be f32.reinterpret_i32 none i:f
bf f64.reinterpret_i64 none I:F
c0 i32.extend8_s none i:i
c1 i32.extend16_s none i:i
c2 i64.extend8_s none I:I
c3 i64.extend16_s none I:I
c4 i64.extend32_s none I:I
d0 ref.null reftype
d1 ref.is_null none
d2 ref.func func
"""
fc = """
0 i32.trunc_sat_f32_s none f:i
1 i32.trunc_sat_f32_u none f:i
2 i32.trunc_sat_f64_s none F:i
3 i32.trunc_sat_f64_u none F:i
4 i64.trunc_sat_f32_s none f:I
5 i64.trunc_sat_f32_u none f:I
6 i64.trunc_sat_f64_s none F:I
7 i64.trunc_sat_f64_u none F:I
8 memory.init memory_init iii:
9 data.drop data
10 memory.copy memory_copy iii:
11 memory.fill memory_fill iii:
12 table.init table_init iii:
13 elem.drop elem
14 table.copy table_copy iii:
15 table.grow table
16 table.size table
17 table.fill table
"""
V='v'
simd = []
def s(n, name, imm, sig, al=None): simd.append((n,name,imm,sig,al))
s(0,'v128.load','memarg','i:v',4)
for i,(n,al) in enumerate([('v128.load8x8_s',3),('v128.load8x8_u',3),('v128.load16x4_s',3),('v128.load16x4_u',3),('v128.load32x2_s',3),('v128.load32x2_u',3),('v128.load8_splat',0),('v128.load16_splat',1),('v128.load32_splat',2),('v128.load64_splat',3)]):
    s(1+i,n,'memarg','i:v',al)
s(11,'v128.store','memarg','iv:',4)
s(12,'v128.const','v128',':v')
s(13,'i8x16.shuffle','shuffle','vv:v')
s(14,'i8x16.swizzle','none','vv:v')
for i,(n,t) in enumerate([('i8x16','i'),('i16x8','i'),('i32x4','i'),('i64x2','I'),('f32x4','f'),('f64x2','F')]):
    s(15+i,n+'.splat','none',t+':v')
lanes=[(21,'i8x16.extract_lane_s','v:i'),(22,'i8x16.extract_lane_u','v:i'),(23,'i8x16.replace_lane','vi:v'),
(24,'i16x8.extract_lane_s','v:i'),(25,'i16x8.extract_lane_u','v:i'),(26,'i16x8.replace_lane','vi:v'),
(27,'i32x4.extract_lane','v:i'),(28,'i32x4.replace_lane','vi:v'),(29,'i64x2.extract_lane','v:I'),(30,'i64x2.replace_lane','vI:v'),
(31,'f32x4.extract_lane','v:f'),(32,'f32x4.replace_lane','vf:v'),(33,'f64x2.extract_lane','v:F'),(34,'f64x2.replace_lane','vF:v')]
for n,name,sig in lanes: s(n,name,'lane',sig)
cmp=['eq','ne','lt_s','lt_u','gt_s','gt_u','le_s','le_u','ge_s','ge_u']
for i,c in enumerate(cmp): s(35+i,'i8x16.'+c,'none','vv:v')
for i,c in enumerate(cmp): s(45+i,'i16x8.'+c,'none','vv:v')
for i,c in enumerate(cmp): s(55+i,'i32x4.'+c,'none','vv:v')
for i,c in enumerate(['eq','ne','lt','gt','le','ge']): s(65+i,'f32x4.'+c,'none','vv:v')
for i,c in enumerate(['eq','ne','lt','gt','le','ge']): s(71+i,'f64x2.'+c,'none','vv:v')
s(77,'v128.not','none','v:v'); s(78,'v128.and','none','vv:v'); s(79,'v128.andnot','none','vv:v'); s(80,'v128.or','none','vv:v'); s(81,'v128.xor','none','vv:v'); s(82,'v128.bitselect','none','vvv:v'); s(83,'v128.any_true','none','v:i')
for i,(n,al) in enumerate([('v128.load8_lane',0),('v128.load16_lane',1),('v128.load32_lane',2),('v128.load64_lane',3)]): s(84+i,n,'memarg_lane','iv:v',al)
for i,(n,al) in enumerate([('v128.store8_lane',0),('v128.store16_lane',1),('v128.store32_lane',2),('v128.store64_lane',3)]): s(88+i,n,'memarg_lane','iv:',al)
s(92,'v128.load32_zero','memarg','i:v',2); s(93,'v128.load64_zero','memarg','i:v',3)
s(94,'f32x4.demote_f64x2_zero','none','v:v'); s(95,'f64x2.promote_low_f32x4','none','v:v')
rest = {
96:'i8x16.abs v:v',97:'i8x16.neg v:v',98:'i8x16.popcnt v:v',99:'i8x16.all_true v:i',100:'i8x16.bitmask v:i',101:'i8x16.narrow_i16x8_s vv:v',102:'i8x16.narrow_i16x8_u vv:v',
103:'f32x4.ceil v:v',104:'f32x4.floor v:v',105:'f32x4.trunc v:v',106:'f32x4.nearest v:v',
107:'i8x16.shl vi:v',108:'i8x16.shr_s vi:v',109:'i8x16.shr_u vi:v',110:'i8x16.add vv:v',111:'i8x16.add_sat_s vv:v',112:'i8x16.add_sat_u vv:v',113:'i8x16.sub vv:v',114:'i8x16.sub_sat_s vv:v',115:'i8x16.sub_sat_u vv:v',
116:'f64x2.ceil v:v',117:'f64x2.floor v:v',118:'i8x16.min_s vv:v',119:'i8x16.min_u vv:v',120:'i8x16.max_s vv:v',121:'i8x16.max_u vv:v',122:'f64x2.trunc v:v',123:'i8x16.avgr_u vv:v',
124:'i16x8.extadd_pairwise_i8x16_s v:v',125:'i16x8.extadd_pairwise_i8x16_u v:v',126:'i32x4.extadd_pairwise_i16x8_s v:v',127:'i32x4.extadd_pairwise_i16x8_u v:v',
128:'i16x8.abs v:v',129:'i16x8.neg v:v',130:'i16x8.q15mulr_sat_s vv:v',131:'i16x8.all_true v:i',132:'i16x8.bitmask v:i',133:'i16x8.narrow_i32x4_s vv:v',134:'i16x8.narrow_i32x4_u vv:v',
135:'i16x8.extend_low_i8x16_s v:v',136:'i16x8.extend_high_i8x16_s v:v',137:'i16x8.extend_low_i8x16_u v:v',138:'i16x8.extend_high_i8x16_u v:v',
139:'i16x8.shl vi:v',140:'i16x8.shr_s vi:v',141:'i16x8.shr_u vi:v',142:'i16x8.add vv:v',143:'i16x8.add_sat_s vv:v',144:'i16x8.add_sat_u vv:v',145:'i16x8.sub vv:v',146:'i16x8.sub_sat_s vv:v',147:'i16x8.sub_sat_u vv:v',
148:'f64x2.nearest v:v',149:'i16x8.mul vv:v',150:'i16x8.min_s vv:v',151:'i16x8.min_u vv:v',152:'i16x8.max_s vv:v',153:'i16x8.max_u vv:v',155:'i16x8.avgr_u vv:v',
156:'i16x8.extmul_low_i8x16_s vv:v',157:'i16x8.extmul_high_i8x16_s vv:v',158:'i16x8.extmul_low_i8x16_u vv:v',159:'i16x8.extmul_high_i8x16_u vv:v',
160:'i32x4.abs v:v',161:'i32x4.neg v:v',163:'i32x4.all_true v:i',164:'i32x4.bitmask v:i',
167:'i32x4.extend_low_i16x8_s v:v',168:'i32x4.extend_high_i16x8_s v:v',169:'i32x4.extend_low_i16x8_u v:v',170:'i32x4.extend_high_i16x8_u v:v',
171:'i32x4.shl vi:v',172:'i32x4.shr_s vi:v',173:'i32x4.shr_u vi:v',174:'i32x4.add vv:v',177:'i32x4.sub vv:v',181:'i32x4.mul vv:v',
182:'i32x4.min_s vv:v',183:'i32x4.min_u vv:v',184:'i32x4.max_s vv:v',185:'i32x4.max_u vv:v',186:'i32x4.dot_i16x8_s vv:v',
188:'i32x4.extmul_low_i16x8_s vv:v',189:'i32x4.extmul_high_i16x8_s vv:v',190:'i32x4.extmul_low_i16x8_u vv:v',191:'i32x4.extmul_high_i16x8_u vv:v',
192:'i64x2.abs v:v',193:'i64x2.neg v:v',195:'i64x2.all_true v:i',196:'i64x2.bitmask v:i',
199:'i64x2.extend_low_i32x4_s v:v',200:'i64x2.extend_high_i32x4_s v:v',201:'i64x2.extend_low_i32x4_u v:v',202:'i64x2.extend_high_i32x4_u v:v',
203:'i64x2.shl vi:v',204:'i64x2.shr_s vi:v',205:'i64x2.shr_u vi:v',206:'i64x2.add vv:v',209:'i64x2.sub vv:v',213:'i64x2.mul vv:v',
214:'i64x2.eq vv:v',215:'i64x2.ne vv:v',216:'i64x2.lt_s vv:v',217:'i64x2.gt_s vv:v',218:'i64x2.le_s vv:v',219:'i64x2.ge_s vv:v',
220:'i64x2.extmul_low_i32x4_s vv:v',221:'i64x2.extmul_high_i32x4_s vv:v',222:'i64x2.extmul_low_i32x4_u vv:v',223:'i64x2.extmul_high_i32x4_u vv:v',
224:'f32x4.abs v:v',225:'f32x4.neg v:v',227:'f32x4.sqrt v:v',228:'f32x4.add vv:v',229:'f32x4.sub vv:v',230:'f32x4.mul vv:v',231:'f32x4.div vv:v',232:'f32x4.min vv:v',233:'f32x4.max vv:v',234:'f32x4.pmin vv:v',235:'f32x4.pmax vv:v',
236:'f64x2.abs v:v',237:'f64x2.neg v:v',239:'f64x2.sqrt v:v',240:'f64x2.add vv:v',241:'f64x2.sub vv:v',242:'f64x2.mul vv:v',243:'f64x2.div vv:v',244:'f64x2.min vv:v',245:'f64x2.max vv:v',246:'f64x2.pmin vv:v',247:'f64x2.pmax vv:v',
248:'i32x4.trunc_sat_f32x4_s v:v',249:'i32x4.trunc_sat_f32x4_u v:v',250:'f32x4.convert_i32x4_s v:v',251:'f32x4.convert_i32x4_u v:v',
252:'i32x4.trunc_sat_f64x2_s_zero v:v',253:'i32x4.trunc_sat_f64x2_u_zero v:v',254:'f64x2.convert_low_i32x4_s v:v',255:'f64x2.convert_low_i32x4_u v:v',
}
for k,v in rest.items():
    n,sig=v.split(); s(k,n,'none',sig)

IMMS=['none','block','label','br_table','func','call_indirect','local','global','table','select_t','memarg','mem','i32','i64','f32','f64','reftype','memory_init','data','memory_copy','memory_fill','table_init','elem','table_copy','v128','shuffle','lane','memarg_lane']
entries=[]
for line in single.strip().splitlines():
    p=line.split(); code=int(p[0],16); entries.append((code,p[1],p[2],p[3] if len(p)>3 else '',int(p[4]) if len(p)>4 else -1))
for line in fc.strip().splitlines():
    p=line.split(); code=0x100+int(p[0]); entries.append((code,p[1],p[2],p[3] if len(p)>3 else '',-1))
for (n,name,imm,sig,al) in simd:
    entries.append((0x200+n,name,imm,sig,al if al is not None else -1))
entries.sort()
def const(name): return name.upper().replace('.','_')
out=[]
out.append("""/**
 * Opcode values and per-opcode metadata (data only; spec §5.4 "Instructions", Wasm 2.0 incl. SIMD).
 *
 * detwasm numbers every instruction in one dense space so tables can be flat arrays:
 *   - single-byte opcodes keep their byte value (0x00-0xff);
 *   - `0xFC n` is 0x100 + n (saturating truncation, bulk memory, table ops);
 *   - `0xFD n` is 0x200 + n (SIMD).
 * Each opcode has a mnemonic, an immediate kind ({@link Imm}) and, for instructions whose typing is a
 * fixed `[params] -> [results]`, a signature string: one letter per value (`i` i32, `I` i64, `f` f32,
 * `F` f64, `v` v128), params before the colon and result after it. Memory accesses also record log2
 * of their natural alignment. Generated once from the spec tables by a script; edit with care.
 */

/** Size of the dense opcode space. */
export const OPCODE_SPACE = 0x300;
/** Offset of `0xFC`-prefixed opcodes in the dense space. */
export const PREFIX_FC = 0x100;
/** Offset of `0xFD`-prefixed (SIMD) opcodes in the dense space. */
export const PREFIX_FD = 0x200;

/** Immediate kinds: how the bytes after an opcode are laid out. */
export const Imm = {""")
for i,n in enumerate(IMMS):
    out.append(f"  {n.upper()}: {i},")
out.append("} as const;\n")
for (code,name,imm,sig,al) in entries:
    out.append(f"export const {const(name)} = 0x{code:x};")
out.append("")
out.append("/** Packed table: `code name imm sig align` per entry (`-` for no signature). */")
out.append("const TABLE = `")
for (code,name,imm,sig,al) in entries:
    out.append(f"{code:x} {name} {IMMS.index(imm)} {sig if sig else '-'} {al}")
out.append("`;")
out.append("""
/** Mnemonic of each opcode, or '' for opcodes that do not exist. */
export const MNEMONICS: readonly string[] = new Array<string>(OPCODE_SPACE).fill('');
/** Immediate kind of each opcode (meaningless where the mnemonic is ''). */
export const IMM_KINDS: Uint8Array = new Uint8Array(OPCODE_SPACE);
/** Whether each opcode exists in Wasm 2.0. */
export const IS_DEFINED: Uint8Array = new Uint8Array(OPCODE_SPACE);
/** Fixed signature of each opcode, or '' where typing is special (control, locals, refs, ...). */
export const SIGNATURES: readonly string[] = new Array<string>(OPCODE_SPACE).fill('');
/** log2 of the natural alignment of memory accesses, -1 elsewhere. */
export const NATURAL_ALIGN: Int8Array = new Int8Array(OPCODE_SPACE).fill(-1);

for (const line of TABLE.split('\\n')) {
  if (line === '') continue;
  const [code, name, imm, sig, align] = line.split(' ') as [string, string, string, string, string];
  const op = parseInt(code, 16);
  (MNEMONICS as string[])[op] = name;
  IMM_KINDS[op] = Number(imm);
  IS_DEFINED[op] = 1;
  (SIGNATURES as string[])[op] = sig === '-' ? '' : sig;
  NATURAL_ALIGN[op] = Number(align);
}
""")
import os
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'decoder', 'opcodes.ts'),'w').write('\n'.join(out))
print(len(entries))

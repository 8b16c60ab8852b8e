/**
 * Seed message templates: the editable middle of the letter a supporter sends to a campaign's targets.
 * The platform adds the greeting ("Dear <role> <name>,"), the supporter's name and country, and the footer,
 * so these bodies contain no greeting, no sign-off and no placeholders.
 * Facts come from campaigns.ts and the shared seed report (CIVICUS, 2024; figures from the AAPP).
 */

/** Message templates for writing to a campaign's targets, per campaign slug and locale. Plain text. */
export interface SeedMessageTemplate {
  subject: string;
  body: string; // paragraphs separated by "\n\n"; no greeting, no sign-off, no placeholders
}

export const seedMessageTemplates: Record<string, Record<string, SeedMessageTemplate>> = {
  // To a member state's permanent mission to the UN Security Council.
  "arms-embargo": {
    en: {
      subject: "Please support a Security Council arms and aviation-fuel embargo on Myanmar",
      body: [
        "I am writing to ask your country to table, or to support, a UN Security Council resolution imposing an arms and aviation-fuel embargo on Myanmar, together with targeted financial sanctions against the senior officials of the military junta.",
        "Since the February 2021 coup, the junta has answered its military setbacks with more repression. The Assistance Association for Political Prisoners (AAPP) has recorded the arrest of 27,580 activists and protesters and the killing of 5,886 people by the junta and pro-military groups. In April 2024 the UN Human Rights Council called for an arms and aviation-fuel embargo, but that call has not been implemented, and the Security Council has taken no step to impose one.",
        "Weapons and fuel are what allow the military to keep waging war on its own people. Cutting them off, and sanctioning the senior officials who give the orders, is within the Council’s power. I respectfully urge your mission to make this a priority in the Council’s discussions on Myanmar, and I would be grateful to know your government’s position.",
      ].join("\n\n"),
    },
    my: {
      subject: "မြန်မာနိုင်ငံအပေါ် လက်နက်နှင့် လေယာဉ်လောင်စာဆီ ပိတ်ဆို့ရေး လုံခြုံရေးကောင်စီ ဆုံးဖြတ်ချက်ကို ထောက်ခံပေးပါရန်",
      body: [
        "မြန်မာနိုင်ငံအပေါ် လက်နက်နှင့် လေယာဉ်လောင်စာဆီ ပိတ်ဆို့အရေးယူမှုနှင့် စစ်ကောင်စီ၏ အကြီးတန်းအရာရှိများအပေါ် ပစ်မှတ်ထား ငွေကြေးဆိုင်ရာ ပိတ်ဆို့အရေးယူမှုများ ချမှတ်မည့် ကုလသမဂ္ဂ လုံခြုံရေးကောင်စီ ဆုံးဖြတ်ချက်တစ်ရပ်ကို လူကြီးမင်းတို့နိုင်ငံက တင်သွင်းပေးပါရန် သို့မဟုတ် ထောက်ခံပေးပါရန် လေးစားစွာ မေတ္တာရပ်ခံအပ်ပါသည်။",
        "၂၀၂၁ ခုနှစ် ဖေဖော်ဝါရီလ စစ်အာဏာသိမ်းမှုနောက်ပိုင်း စစ်ကောင်စီသည် စစ်ရေးဆုတ်ယုတ်မှုများကို ဖိနှိပ်မှု ပိုမိုပြင်းထန်စေခြင်းဖြင့် တုံ့ပြန်လျက်ရှိပါသည်။ နိုင်ငံရေးအကျဉ်းသားများ ကူညီစောင့်ရှောက်ရေးအသင်း (AAPP) ၏ မှတ်တမ်းများအရ တက်ကြွလှုပ်ရှားသူနှင့် ဆန္ဒပြသူ ၂၇,၅၈၀ ဦး ဖမ်းဆီးခံခဲ့ရပြီး စစ်ကောင်စီနှင့် စစ်တပ်လိုလားသော အဖွဲ့များ၏ လက်ချက်ဖြင့် လူပေါင်း ၅,၈၈၆ ဦး အသက်ဆုံးရှုံးခဲ့ရပါသည်။ ၂၀၂၄ ခုနှစ် ဧပြီလတွင် ကုလသမဂ္ဂ လူ့အခွင့်အရေးကောင်စီက လက်နက်နှင့် လေယာဉ်လောင်စာဆီ ပိတ်ဆို့ရေးကို တောင်းဆိုခဲ့သော်လည်း ယနေ့အထိ အကောင်အထည် မဖော်ရသေးဘဲ လုံခြုံရေးကောင်စီကလည်း မည်သည့်ခြေလှမ်းမျှ မလှမ်းရသေးပါ။",
        "လက်နက်နှင့် လောင်စာဆီတို့သည် စစ်တပ်အား မိမိနိုင်ငံသားများအပေါ် စစ်ပွဲဆက်လက်ဆင်နွှဲနိုင်စေသော အရင်းအမြစ်များ ဖြစ်ပါသည်။ ယင်းတို့ကို ဖြတ်တောက်ရန်နှင့် အမိန့်ပေးသော အကြီးတန်းအရာရှိများကို ပိတ်ဆို့အရေးယူရန်မှာ လုံခြုံရေးကောင်စီ၏ အာဏာအတွင်း ရှိပါသည်။ ဤကိစ္စကို မြန်မာနိုင်ငံဆိုင်ရာ ကောင်စီ ဆွေးနွေးပွဲများတွင် ဦးစားပေး ဆောင်ရွက်ပေးပါရန် တိုက်တွန်းအပ်ပြီး လူကြီးမင်းတို့ အစိုးရ၏ ရပ်တည်ချက်ကို သိရှိခွင့်ရပါက ကျေးဇူးတင်မိပါမည်။",
      ].join("\n\n"),
    },
    fr: {
      subject: "Pour un embargo du Conseil de sécurité sur les armes et le carburant d’aviation destinés au Myanmar",
      body: [
        "Je me permets de vous écrire pour demander à votre pays de présenter, ou de soutenir, une résolution du Conseil de sécurité des Nations unies imposant un embargo sur les armes et le carburant d’aviation à destination du Myanmar, ainsi que des sanctions financières ciblées contre les hauts responsables de la junte militaire.",
        "Depuis le coup d’État de février 2021, la junte répond à ses revers militaires par une répression accrue. Selon l’Association d’assistance aux prisonniers politiques (AAPP), 27\u00a0580 militants et manifestants ont été arrêtés, et 5\u00a0886 personnes ont été tuées par la junte et des groupes promilitaires. En avril 2024, le Conseil des droits de l’homme de l’ONU a appelé à un embargo sur les armes et le carburant d’aviation ; cet appel n’a pas été mis en œuvre, et le Conseil de sécurité n’a pris aucune mesure en ce sens.",
        "Ce sont les armes et le carburant qui permettent à l’armée de poursuivre sa guerre contre sa propre population. Les lui couper, et sanctionner les hauts responsables qui donnent les ordres, relève du pouvoir du Conseil. Je vous prie instamment de faire de cette question une priorité lors des discussions du Conseil sur le Myanmar, et je vous remercie par avance de bien vouloir me faire connaître la position de votre gouvernement.",
      ].join("\n\n"),
    },
    es: {
      subject: "Por un embargo de armas y combustible de aviación a Myanmar en el Consejo de Seguridad",
      body: [
        "Le escribo para pedirle que su país presente o apoye en el Consejo de Seguridad de la ONU una resolución que imponga un embargo de armas y combustible de aviación a Myanmar, junto con sanciones financieras selectivas contra los altos cargos de la junta militar.",
        "Desde el golpe de Estado de febrero de 2021, la junta ha respondido a sus reveses militares con más represión. Según la Asociación de Asistencia a Presos Políticos (AAPP), 27.580 activistas y manifestantes han sido detenidos y 5.886 personas han sido asesinadas por la junta y por grupos afines al ejército. En abril de 2024, el Consejo de Derechos Humanos de la ONU pidió un embargo de armas y combustible de aviación, pero esa petición no se ha aplicado y el Consejo de Seguridad no ha dado ningún paso para imponerlo.",
        "Las armas y el combustible son lo que permite al ejército seguir haciendo la guerra contra su propia población. Cortarlos, y sancionar a los altos cargos que dan las órdenes, está en manos del Consejo. Le pido respetuosamente que su misión haga de esta cuestión una prioridad en los debates del Consejo sobre Myanmar, y le agradecería que me informara de la posición de su gobierno.",
      ].join("\n\n"),
    },
    th: {
      subject: "ขอให้สนับสนุนข้อมติคณะมนตรีความมั่นคงฯ ห้ามส่งอาวุธและน้ำมันเชื้อเพลิงอากาศยานไปยังเมียนมา",
      body: [
        "ข้าพเจ้าเขียนจดหมายฉบับนี้เพื่อขอให้ประเทศของท่านเสนอหรือสนับสนุนข้อมติของคณะมนตรีความมั่นคงแห่งสหประชาชาติ ที่ห้ามส่งอาวุธและน้ำมันเชื้อเพลิงอากาศยานไปยังเมียนมา พร้อมทั้งใช้มาตรการคว่ำบาตรทางการเงินแบบเจาะจงเป้าหมายต่อเจ้าหน้าที่ระดับสูงของรัฐบาลทหาร",
        "นับตั้งแต่การรัฐประหารเมื่อเดือนกุมภาพันธ์ 2564 รัฐบาลทหารตอบโต้ความพ่ายแพ้ในสนามรบด้วยการปราบปรามที่หนักข้อขึ้น สมาคมช่วยเหลือนักโทษการเมือง (AAPP) บันทึกไว้ว่า มีนักกิจกรรมและผู้ชุมนุมถูกจับกุมแล้ว 27,580 คน และมีประชาชนถูกรัฐบาลทหารและกลุ่มที่สนับสนุนกองทัพสังหาร 5,886 คน เมื่อเดือนเมษายน 2567 คณะมนตรีสิทธิมนุษยชนแห่งสหประชาชาติได้เรียกร้องให้ห้ามส่งอาวุธและน้ำมันเชื้อเพลิงอากาศยาน แต่ข้อเรียกร้องนั้นยังไม่ได้รับการปฏิบัติ และคณะมนตรีความมั่นคงก็ยังไม่ได้ดำเนินการใด ๆ",
        "อาวุธและน้ำมันเชื้อเพลิงคือสิ่งที่ทำให้กองทัพยังคงทำสงครามกับประชาชนของตนเองได้ การตัดสิ่งเหล่านี้และการคว่ำบาตรเจ้าหน้าที่ระดับสูงผู้สั่งการอยู่ในอำนาจของคณะมนตรีความมั่นคง ข้าพเจ้าจึงขอเรียกร้องด้วยความเคารพให้คณะผู้แทนถาวรของท่านผลักดันเรื่องนี้เป็นวาระสำคัญในการหารือของคณะมนตรีฯ เกี่ยวกับเมียนมา และจะขอบคุณยิ่งหากได้ทราบจุดยืนของรัฐบาลท่าน",
      ].join("\n\n"),
    },
    id: {
      subject: "Mohon dukung resolusi Dewan Keamanan PBB tentang embargo senjata dan bahan bakar penerbangan atas Myanmar",
      body: [
        "Saya menulis surat ini untuk memohon agar negara Bapak/Ibu mengajukan atau mendukung resolusi Dewan Keamanan PBB yang memberlakukan embargo senjata dan bahan bakar penerbangan atas Myanmar, serta sanksi keuangan yang ditargetkan terhadap para pejabat senior junta militer.",
        "Sejak kudeta Februari 2021, junta menanggapi kekalahan militernya dengan represi yang makin keras. Asosiasi Bantuan untuk Tahanan Politik (AAPP) mencatat bahwa 27.580 aktivis dan pengunjuk rasa telah ditangkap, dan 5.886 orang dibunuh oleh junta dan kelompok pro-militer. Pada April 2024, Dewan Hak Asasi Manusia PBB telah menyerukan embargo senjata dan bahan bakar penerbangan, tetapi seruan itu belum dilaksanakan, dan Dewan Keamanan belum mengambil langkah apa pun.",
        "Senjata dan bahan bakar itulah yang memungkinkan militer terus berperang melawan rakyatnya sendiri. Memutus pasokan tersebut dan menjatuhkan sanksi kepada para pejabat senior yang memberi perintah berada dalam kewenangan Dewan Keamanan. Dengan hormat saya mendesak perutusan tetap Bapak/Ibu untuk menjadikan hal ini prioritas dalam pembahasan Dewan mengenai Myanmar. Saya akan sangat berterima kasih apabila dapat mengetahui sikap pemerintah Bapak/Ibu.",
      ].join("\n\n"),
    },
  },

  // To a member state's permanent mission to the UN Security Council.
  "icc-referral": {
    en: {
      subject: "Please support a Security Council referral of Myanmar to the International Criminal Court",
      body: [
        "I am writing to ask your country to support, and if possible to table, a UN Security Council resolution referring the situation in Myanmar to the International Criminal Court, so that those responsible for genocide, war crimes and crimes against humanity can be investigated and prosecuted.",
        "The evidence is already being gathered. Two years before the 2021 coup, the UN Human Rights Council set up the Independent Investigative Mechanism for Myanmar (IIMM), which has been building case files ever since. In September 2024 it reported numerous testimonies of torture and sexual assault against thousands of detainees. The army continues to commit war crimes against the Rohingya and other Muslim minorities, and the military leaders responsible for the 2017 genocide remain in power.",
        "Civil society has repeatedly called for a referral, yet the Council has not acted. Evidence without a court is not justice, and each month of inaction tells Myanmar’s generals that they can carry on with impunity. I respectfully urge your mission to bring this referral before the Council, and I would be grateful to know your government’s position.",
      ].join("\n\n"),
    },
    my: {
      subject: "မြန်မာနိုင်ငံကို နိုင်ငံတကာ ရာဇဝတ်ခုံရုံးသို့ လွှဲပြောင်းမည့် လုံခြုံရေးကောင်စီ ဆုံးဖြတ်ချက်ကို ထောက်ခံပေးပါရန်",
      body: [
        "လူမျိုးတုံးသတ်ဖြတ်မှု၊ စစ်ရာဇဝတ်မှုများနှင့် လူသားမျိုးနွယ်အပေါ် ကျူးလွန်သော ရာဇဝတ်မှုများအတွက် တာဝန်ရှိသူများကို စုံစမ်းစစ်ဆေး၍ တရားစွဲဆိုနိုင်ရန် မြန်မာနိုင်ငံ၏ အခြေအနေကို နိုင်ငံတကာ ရာဇဝတ်ခုံရုံး (ICC) သို့ လွှဲပြောင်းပေးမည့် ကုလသမဂ္ဂ လုံခြုံရေးကောင်စီ ဆုံးဖြတ်ချက်တစ်ရပ်ကို လူကြီးမင်းတို့နိုင်ငံက ထောက်ခံပေးပါရန်နှင့် ဖြစ်နိုင်ပါက တင်သွင်းပေးပါရန် လေးစားစွာ မေတ္တာရပ်ခံအပ်ပါသည်။",
        "သက်သေအထောက်အထားများကို စုဆောင်းနေပြီး ဖြစ်ပါသည်။ ၂၀၂၁ ခုနှစ် စစ်အာဏာသိမ်းမှု မတိုင်မီ နှစ်နှစ်အလိုတွင် ကုလသမဂ္ဂ လူ့အခွင့်အရေးကောင်စီက မြန်မာနိုင်ငံဆိုင်ရာ လွတ်လပ်သော စုံစမ်းစစ်ဆေးရေးယန္တရား (IIMM) ကို ဖွဲ့စည်းခဲ့ပြီး ထိုအချိန်မှစ၍ အမှုတွဲများကို ပြုစုလျက်ရှိပါသည်။ ၂၀၂၄ ခုနှစ် စက်တင်ဘာလတွင် IIMM က ထိန်းသိမ်းခံထားရသူ ထောင်ပေါင်းများစွာအပေါ် ညှဉ်းပန်းနှိပ်စက်မှုနှင့် လိင်ပိုင်းဆိုင်ရာ စော်ကားမှုများ၏ သက်သေထွက်ဆိုချက်များစွာကို အစီရင်ခံခဲ့ပါသည်။ ၂၀၁၇ ခုနှစ် လူမျိုးတုံးသတ်ဖြတ်မှုအတွက် တာဝန်ရှိသော စစ်ခေါင်းဆောင်များမှာလည်း အာဏာရှိနေဆဲ ဖြစ်ပါသည်။",
        "အရပ်ဘက်လူ့အဖွဲ့အစည်းများက အကြိမ်ကြိမ် တောင်းဆိုခဲ့သော်လည်း လုံခြုံရေးကောင်စီသည် ယနေ့အထိ အရေးမယူသေးပါ။ တရားရုံးမရှိသော သက်သေအထောက်အထားသည် တရားမျှတမှု မဟုတ်ပါ။ ဤလွှဲပြောင်းရေးကိစ္စကို ကောင်စီသို့ တင်ပြပေးပါရန် လေးစားစွာ တိုက်တွန်းအပ်ပြီး လူကြီးမင်းတို့ အစိုးရ၏ ရပ်တည်ချက်ကို သိရှိခွင့်ရပါက ကျေးဇူးတင်မိပါမည်။",
      ].join("\n\n"),
    },
    fr: {
      subject: "Pour une saisine de la Cour pénale internationale par le Conseil de sécurité sur le Myanmar",
      body: [
        "Je me permets de vous écrire pour demander à votre pays de soutenir, et si possible de présenter, une résolution du Conseil de sécurité des Nations unies déférant la situation au Myanmar à la Cour pénale internationale, afin que les responsables de génocide, de crimes de guerre et de crimes contre l’humanité puissent faire l’objet d’enquêtes et de poursuites.",
        "Les preuves sont déjà réunies. Deux ans avant le coup d’État de 2021, le Conseil des droits de l’homme de l’ONU a créé le Mécanisme d’enquête indépendant pour le Myanmar (IIMM), qui constitue depuis des dossiers. En septembre 2024, il a fait état de nombreux témoignages de torture et d’agressions sexuelles contre des milliers de personnes détenues. L’armée continue de commettre des crimes de guerre contre les Rohingyas et d’autres minorités musulmanes, et les chefs militaires responsables du génocide de 2017 sont toujours au pouvoir.",
        "La société civile a demandé cette saisine à maintes reprises, mais le Conseil n’a pas agi. Des preuves sans tribunal ne font pas justice, et chaque mois d’inaction signifie aux généraux du Myanmar qu’ils peuvent continuer en toute impunité. Je vous prie instamment de porter cette saisine devant le Conseil, et je vous remercie par avance de bien vouloir me faire connaître la position de votre gouvernement.",
      ].join("\n\n"),
    },
    es: {
      subject: "Por la remisión de la situación de Myanmar a la Corte Penal Internacional",
      body: [
        "Le escribo para pedirle que su país apoye, y si es posible presente, una resolución del Consejo de Seguridad de la ONU que remita la situación de Myanmar a la Corte Penal Internacional, para que los responsables de genocidio, crímenes de guerra y crímenes de lesa humanidad puedan ser investigados y procesados.",
        "Las pruebas ya se están reuniendo. Dos años antes del golpe de Estado de 2021, el Consejo de Derechos Humanos de la ONU creó el Mecanismo Independiente de Investigación para Myanmar (IIMM), que desde entonces prepara expedientes. En septiembre de 2024 informó de numerosos testimonios de tortura y agresiones sexuales contra miles de personas detenidas. El ejército sigue cometiendo crímenes de guerra contra los rohinyás y otras minorías musulmanas, y los líderes militares responsables del genocidio de 2017 siguen en el poder.",
        "La sociedad civil ha pedido esta remisión una y otra vez, pero el Consejo no ha actuado. Las pruebas sin un tribunal no son justicia, y cada mes de inacción les dice a los generales de Myanmar que pueden seguir actuando con impunidad. Le pido respetuosamente que su misión lleve esta remisión ante el Consejo, y le agradecería que me informara de la posición de su gobierno.",
      ].join("\n\n"),
    },
  },

  // To the foreign ministry of an ASEAN member state.
  "asean-engage-nug": {
    en: {
      subject: "Please help ASEAN distance itself from Myanmar’s junta and engage the National Unity Government",
      body: [
        "I am writing to ask your government to use its voice within ASEAN so that the association distances itself from Myanmar’s military junta and engages formally with the National Unity Government (NUG).",
        "The Five-Point Consensus agreed with the military in April 2021 has not worked. The junta has systematically acted against it, criminalising its opponents instead of talking to them and intensifying the violence. Yet it sent a representative to the latest ASEAN summit, and any participation by the junta is inevitably political. Civil society has denounced the election it plans for November 2025 as a sham meant to give military rule a veneer of legitimacy.",
        "In October 2024, the UN Secretary-General warned ASEAN leaders that a third of Myanmar’s population is in dire need of humanitarian assistance. The NUG, formed by democratically elected politicians and recognised by the European Union and several democratic states, should be part of the search for a solution, together with Myanmar’s civil society.",
        "I would ask your government to oppose any seat or legitimacy for the junta, to reject its election plan, and to ensure that people fleeing Myanmar are not forcibly returned. I would be grateful to know your government’s position.",
      ].join("\n\n"),
    },
    my: {
      subject: "အာဆီယံက မြန်မာစစ်ကောင်စီနှင့် အကွာအဝေးထားပြီး အမျိုးသားညီညွတ်ရေးအစိုးရနှင့် ဆက်ဆံရန် ဆောင်ရွက်ပေးပါရန်",
      body: [
        "အာဆီယံအဖွဲ့အတွင်း လူကြီးမင်းတို့ အစိုးရ၏ အသံကို အသုံးပြု၍ အာဆီယံအနေဖြင့် မြန်မာစစ်ကောင်စီနှင့် အကွာအဝေးထားရန်နှင့် အမျိုးသားညီညွတ်ရေးအစိုးရ (NUG) နှင့် တရားဝင် ဆက်ဆံရန် ဆောင်ရွက်ပေးပါရန် လေးစားစွာ မေတ္တာရပ်ခံအပ်ပါသည်။",
        "၂၀၂၁ ခုနှစ် ဧပြီလတွင် စစ်တပ်နှင့် သဘောတူခဲ့သော ငါးချက်သဘောတူညီချက်သည် အောင်မြင်မှု မရခဲ့ပါ။ စစ်ကောင်စီသည် ဆန့်ကျင်သူများနှင့် ဆွေးနွေးမည့်အစား ၎င်းတို့ကို ပြစ်မှုကျူးလွန်သူများအဖြစ် အရေးယူကာ အကြမ်းဖက်မှုကို ပိုမိုပြင်းထန်စေခဲ့ပါသည်။ သို့ရာတွင် စစ်ကောင်စီသည် နောက်ဆုံးကျင်းပသော အာဆီယံ ထိပ်သီးအစည်းအဝေးသို့ ကိုယ်စားလှယ်တစ်ဦး စေလွှတ်ခဲ့ပြီး ၎င်း၏ မည်သည့်တက်ရောက်မှုမဆို နိုင်ငံရေးနှင့် ကင်းလွတ်နိုင်မည် မဟုတ်ပါ။ ၂၀၂၅ ခုနှစ် နိုဝင်ဘာလအတွက် စီစဉ်ထားသော ရွေးကောက်ပွဲကိုလည်း အရပ်ဘက်လူ့အဖွဲ့အစည်းများက အတုအယောင် ရွေးကောက်ပွဲအဖြစ် ရှုတ်ချထားပါသည်။",
        "ဒီမိုကရေစီနည်းကျ ရွေးကောက်တင်မြှောက်ခံ နိုင်ငံရေးသမားများဖြင့် ဖွဲ့စည်းထားပြီး ဥရောပသမဂ္ဂနှင့် ဒီမိုကရေစီနိုင်ငံအချို့က အသိအမှတ်ပြုထားသော NUG နှင့် မြန်မာ့အရပ်ဘက်လူ့အဖွဲ့အစည်းများကို ဖြေရှင်းရေးလုပ်ငန်းစဉ်တွင် ပါဝင်စေသင့်ပါသည်။",
        "စစ်ကောင်စီအား နေရာနှင့် တရားဝင်မှု မပေးရန်၊ ၎င်း၏ ရွေးကောက်ပွဲအစီအစဉ်ကို ပယ်ချရန်နှင့် မြန်မာနိုင်ငံမှ ထွက်ပြေးလာသူများကို အတင်းအဓမ္မ ပြန်မပို့ရန် လူကြီးမင်းတို့ အစိုးရက ရပ်တည်ပေးပါရန် တိုက်တွန်းအပ်ပြီး အစိုးရ၏ ရပ်တည်ချက်ကို သိရှိခွင့်ရပါက ကျေးဇူးတင်မိပါမည်။",
      ].join("\n\n"),
    },
    fr: {
      subject: "Pour que l’ASEAN prenne ses distances avec la junte du Myanmar et dialogue avec le gouvernement d’unité nationale",
      body: [
        "Je me permets de vous écrire pour demander à votre gouvernement de faire entendre sa voix au sein de l’ASEAN, afin que l’association prenne ses distances avec la junte militaire du Myanmar et engage un dialogue officiel avec le gouvernement d’unité nationale (NUG).",
        "Le consensus en cinq points conclu avec l’armée en avril 2021 a échoué. La junte l’a systématiquement bafoué, criminalisant ses opposants au lieu de dialoguer avec eux et intensifiant la violence. Elle a pourtant envoyé un représentant au dernier sommet de l’ASEAN, et toute participation de la junte est forcément politique. La société civile dénonce l’élection qu’elle prépare pour novembre 2025 comme une mascarade destinée à donner un vernis de légitimité au pouvoir militaire.",
        "En octobre 2024, le secrétaire général de l’ONU a averti les dirigeants de l’ASEAN qu’un tiers de la population du Myanmar avait un besoin urgent d’aide humanitaire. Le NUG, formé de responsables politiques démocratiquement élus et reconnu par l’Union européenne et plusieurs États démocratiques, doit prendre part à la recherche d’une solution, aux côtés de la société civile du Myanmar.",
        "Je demande donc à votre gouvernement de s’opposer à tout siège et à toute légitimité pour la junte, de rejeter son projet électoral et de veiller à ce que les personnes qui fuient le Myanmar ne soient pas renvoyées de force. Je vous remercie par avance de bien vouloir me faire connaître sa position.",
      ].join("\n\n"),
    },
    es: {
      subject: "Por una ASEAN que se distancie de la junta de Myanmar y dialogue con el Gobierno de Unidad Nacional",
      body: [
        "Le escribo para pedir que su gobierno haga oír su voz en la ASEAN, de modo que la asociación se distancie de la junta militar de Myanmar y entable un diálogo formal con el Gobierno de Unidad Nacional (NUG).",
        "El Consenso de Cinco Puntos acordado con el ejército en abril de 2021 ha fracasado. La junta lo ha incumplido sistemáticamente: criminaliza a sus opositores en lugar de dialogar con ellos e intensifica la violencia. Aun así, envió un representante a la última cumbre de la ASEAN, y cualquier participación de la junta es inevitablemente política. La sociedad civil denuncia las elecciones que prepara para noviembre de 2025 como una farsa para dar una apariencia de legitimidad al poder militar.",
        "En octubre de 2024, el secretario general de la ONU advirtió a los líderes de la ASEAN que un tercio de la población de Myanmar necesita con urgencia ayuda humanitaria. El NUG, formado por políticos elegidos democráticamente y reconocido por la Unión Europea y varios Estados democráticos, debe formar parte de la búsqueda de una solución, junto con la sociedad civil de Myanmar.",
        "Le pido que su gobierno se oponga a conceder a la junta cualquier asiento o legitimidad, rechace su plan electoral y garantice que las personas que huyen de Myanmar no sean devueltas por la fuerza. Le agradecería que me informara de la posición de su gobierno.",
      ].join("\n\n"),
    },
  },

  // To the supporter's own national government (its foreign ministry).
  "free-political-prisoners": {
    en: {
      subject: "Please press Myanmar’s junta to free political prisoners, and protect those at risk",
      body: [
        "I am writing to ask you to use our country’s diplomatic influence to press Myanmar’s military junta to release all political prisoners, end arbitrary arrests and refrain from further violence.",
        "According to the Assistance Association for Political Prisoners (AAPP), the junta has arrested 27,580 activists and protesters since the February 2021 coup, on trumped-up charges of incitement, sedition and terrorism. Most remain in detention, where torture is systematic. Even small acts of dissent are punished: in June 2024, people were arrested simply for wearing or carrying flowers on the birthday of the country’s detained leader.",
        "Journalists and activists are in particular danger. Many have fled, and those still in Myanmar risk being killed, arrested or prosecuted for their work. I ask that our government offer them real protection: visas and safe refuge for those at risk, support for those who continue their work in exile, and a firm refusal to send anyone back into the junta’s hands.",
        "I would be grateful to know what steps our government is taking, and intends to take, on this.",
      ].join("\n\n"),
    },
    my: {
      subject: "မြန်မာ့နိုင်ငံရေးအကျဉ်းသားများ လွတ်မြောက်ရေးနှင့် အန္တရာယ်ကြုံနေသူများ ကာကွယ်ရေးအတွက် ဆောင်ရွက်ပေးပါရန်",
      body: [
        "ကျွန်ုပ်တို့နိုင်ငံ၏ သံတမန်ရေးဆိုင်ရာ သြဇာကို အသုံးပြု၍ မြန်မာစစ်ကောင်စီအား နိုင်ငံရေးအကျဉ်းသားအားလုံးကို လွှတ်ပေးရန်၊ မတရားဖမ်းဆီးမှုများကို ရပ်တန့်ရန်နှင့် နောက်ထပ် အကြမ်းဖက်မှုများမှ ရှောင်ကြဉ်ရန် ဖိအားပေးပါရန် လေးစားစွာ မေတ္တာရပ်ခံအပ်ပါသည်။",
        "နိုင်ငံရေးအကျဉ်းသားများ ကူညီစောင့်ရှောက်ရေးအသင်း (AAPP) ၏ အဆိုအရ ၂၀၂၁ ခုနှစ် ဖေဖော်ဝါရီလ စစ်အာဏာသိမ်းချိန်မှစ၍ စစ်ကောင်စီသည် တက်ကြွလှုပ်ရှားသူနှင့် ဆန္ဒပြသူ ၂၇,၅၈၀ ဦးကို မဟုတ်မမှန် စွပ်စွဲချက်များဖြင့် ဖမ်းဆီးခဲ့ပါသည်။ ၎င်းတို့အနက် အများစုမှာ ထိန်းသိမ်းခံထားရဆဲဖြစ်ပြီး ညှဉ်းပန်းနှိပ်စက်မှုသည် စနစ်တကျ ဖြစ်ပွားလျက်ရှိပါသည်။ ၂၀၂၄ ခုနှစ် ဇွန်လတွင် ပန်းပန်ဆင်ခြင်း၊ ကိုင်ဆောင်ခြင်းကဲ့သို့ အသေးအဖွဲ ဆန့်ကျင်မှုအတွက်ပင် လူများကို ဖမ်းဆီးခဲ့ပါသည်။",
        "သတင်းထောက်များနှင့် တက်ကြွလှုပ်ရှားသူများသည် အထူးအန္တရာယ်ကြုံနေရပါသည်။ အများအပြား နိုင်ငံမှ ထွက်ပြေးခဲ့ရပြီး ကျန်ရှိနေသူများမှာ သတ်ဖြတ်ခံရခြင်း၊ ဖမ်းဆီးခံရခြင်း သို့မဟုတ် တရားစွဲခံရခြင်း အန္တရာယ်ကို ရင်ဆိုင်နေရပါသည်။ ၎င်းတို့အား ဗီဇာနှင့် လုံခြုံသော ခိုလှုံရာ ပေးခြင်း၊ ပြည်ပတွင် ဆက်လက်လုပ်ကိုင်နေသူများကို ထောက်ပံ့ခြင်းနှင့် မည်သူ့ကိုမျှ စစ်ကောင်စီလက်ထဲသို့ ပြန်မပို့ခြင်းတို့ဖြင့် လက်တွေ့ကျသော ကာကွယ်မှု ပေးပါရန် တောင်းဆိုအပ်ပါသည်။",
        "ဤကိစ္စနှင့် ပတ်သက်၍ ကျွန်ုပ်တို့ အစိုးရက ဆောင်ရွက်နေသော ခြေလှမ်းများနှင့် ဆောင်ရွက်မည့် ခြေလှမ်းများကို သိရှိခွင့်ရပါက ကျေးဇူးတင်မိပါမည်။",
      ].join("\n\n"),
    },
    fr: {
      subject: "Pour que notre pays fasse pression sur la junte du Myanmar et protège les personnes en danger",
      body: [
        "Je me permets de vous écrire pour vous demander d’user de l’influence diplomatique de notre pays afin de faire pression sur la junte militaire du Myanmar pour qu’elle libère tous les prisonniers politiques, mette fin aux arrestations arbitraires et renonce à toute nouvelle violence.",
        "Selon l’Association d’assistance aux prisonniers politiques (AAPP), la junte a arrêté 27\u00a0580 militants et manifestants depuis le coup d’État de février 2021, sur la base d’accusations fabriquées d’incitation, de sédition et de terrorisme. La plupart sont toujours détenus, et la torture est systématique en détention. Le moindre acte de contestation est sanctionné : en juin 2024, des personnes ont été arrêtées simplement pour avoir porté des fleurs le jour de l’anniversaire de la dirigeante détenue du pays.",
        "Les journalistes et les militants sont particulièrement menacés. Beaucoup ont fui, et ceux qui restent au Myanmar risquent d’être tués, arrêtés ou poursuivis pour leur travail. Je demande que notre gouvernement leur offre une protection réelle : des visas et un refuge sûr pour les personnes en danger, un soutien à ceux qui poursuivent leur travail en exil, et le refus ferme de renvoyer quiconque entre les mains de la junte.",
        "Je vous remercie par avance de bien vouloir m’indiquer les mesures que notre gouvernement prend, et entend prendre, à ce sujet.",
      ].join("\n\n"),
    },
    es: {
      subject: "Que nuestro país presione por la liberación de los presos políticos de Myanmar y proteja a quienes corren peligro",
      body: [
        "Le escribo para pedirle que nuestro país use su influencia diplomática para presionar a la junta militar de Myanmar a fin de que libere a todos los presos políticos, ponga fin a las detenciones arbitrarias y se abstenga de nuevos actos de violencia.",
        "Según la Asociación de Asistencia a Presos Políticos (AAPP), la junta ha detenido a 27.580 activistas y manifestantes desde el golpe de Estado de febrero de 2021, con acusaciones falsas de incitación, sedición y terrorismo. La mayoría sigue bajo custodia, donde la tortura es sistemática. Hasta el menor gesto de disidencia se castiga: en junio de 2024 hubo personas detenidas solo por llevar flores en el cumpleaños de la líder detenida del país.",
        "Los periodistas y activistas corren un peligro especial. Muchos han huido, y quienes siguen en Myanmar se arriesgan a ser asesinados, detenidos o procesados por su trabajo. Pido que nuestro gobierno les ofrezca una protección real: visados y refugio seguro para quienes están en peligro, apoyo a quienes continúan su trabajo en el exilio y la negativa firme a devolver a nadie a manos de la junta.",
        "Le agradecería que me informara de las medidas que nuestro gobierno está tomando, y piensa tomar, al respecto.",
      ].join("\n\n"),
    },
  },
};

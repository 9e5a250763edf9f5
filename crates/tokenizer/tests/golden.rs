//! The 48 English "Golden Rules" of sentence boundaries (pySBD's benchmark, first collected in
//! pragmatic_segmenter; see `data/LICENSES.md`): one test per rule, named after it, comparing
//! the sentence texts exactly.

mod common;

use common::sentences;

/// `(text, expected sentences)` of rule `id` in `data/golden_rules.jsonl`.
fn rule(id: u64) -> (String, Vec<String>) {
    let data = include_str!("data/golden_rules.jsonl");
    let row: serde_json::Value = data
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .find(|v: &serde_json::Value| v["id"] == id)
        .expect("rule id in the file");
    let expected = row["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .map(|s| s.as_str().expect("sentence text").to_string())
        .collect();
    (row["text"].as_str().expect("text").to_string(), expected)
}

macro_rules! golden {
    ($name:ident, $id:literal) => {
        #[test]
        fn $name() {
            let (text, expected) = rule($id);
            assert_eq!(sentences(&text), expected, "rule {}: {text:?}", $id);
        }
    };
}

#[test]
fn the_file_has_48_rules() {
    let data = include_str!("data/golden_rules.jsonl");
    assert_eq!(data.lines().count(), 48);
}

golden!(golden_01_simple_period_to_end_sentence, 1);
golden!(golden_02_question_mark_to_end_sentence, 2);
golden!(golden_03_exclamation_point_to_end_sentence, 3);
golden!(golden_04_one_letter_upper_case_abbreviations, 4);
golden!(golden_05_one_letter_lower_case_abbreviations, 5);
golden!(
    golden_06_two_letter_lower_case_abbreviations_in_the_middle_of_a_sentence,
    6
);
golden!(
    golden_07_two_letter_upper_case_abbreviations_in_the_middle_of_a_sentence,
    7
);
golden!(
    golden_08_two_letter_lower_case_abbreviations_at_the_end_of_a_sentence,
    8
);
golden!(
    golden_09_two_letter_upper_case_abbreviations_at_the_end_of_a_sentence,
    9
);
golden!(golden_10_two_letter_prepositive_abbreviations, 10);
golden!(
    golden_11_two_letter_prepositive_postpositive_abbreviations,
    11
);
golden!(golden_12_possesive_two_letter_abbreviations, 12);
golden!(
    golden_13_multi_period_abbreviations_in_the_middle_of_a_sentence,
    13
);
golden!(
    golden_14_multi_period_abbreviations_at_the_end_of_a_sentence,
    14
);
golden!(golden_15_u_s_as_sentence_boundary, 15);
golden!(
    golden_16_u_s_as_non_sentence_boundary_with_next_word_capitalized,
    16
);
golden!(golden_17_u_s_as_non_sentence_boundary, 17);
golden!(
    golden_18_a_m_p_m_as_non_sentence_boundary_and_sentence_boundary,
    18
);
golden!(golden_19_number_as_non_sentence_boundary, 19);
golden!(golden_20_number_as_sentence_boundary, 20);
golden!(golden_21_parenthetical_inside_sentence, 21);
golden!(golden_22_email_addresses, 22);
golden!(golden_23_web_addresses, 23);
golden!(golden_24_single_quotations_inside_sentence, 24);
golden!(golden_25_double_quotations_inside_sentence, 25);
golden!(golden_26_double_quotations_at_the_end_of_a_sentence, 26);
golden!(golden_27_double_punctuation_exclamation_point, 27);
golden!(golden_28_double_punctuation_question_mark, 28);
golden!(
    golden_29_double_punctuation_exclamation_point_question_mark,
    29
);
golden!(
    golden_30_double_punctuation_question_mark_exclamation_point,
    30
);
golden!(
    golden_31_list_period_followed_by_parens_and_no_period_to_end_item,
    31
);
golden!(
    golden_32_list_period_followed_by_parens_and_period_to_end_item,
    32
);
golden!(golden_33_list_parens_and_no_period_to_end_item, 33);
golden!(golden_34_list_parens_and_period_to_end_item, 34);
golden!(
    golden_35_list_period_to_mark_list_and_no_period_to_end_item,
    35
);
golden!(
    golden_36_list_period_to_mark_list_and_period_to_end_item,
    36
);
golden!(golden_37_list_with_bullet, 37);
golden!(golden_38_list_with_hypthen, 38);
golden!(golden_39_alphabetical_list, 39);
golden!(golden_40_geo_coordinates, 40);
golden!(golden_41_named_entities_with_an_exclamation_point, 41);
golden!(
    golden_42_i_as_a_sentence_boundary_and_i_as_an_abbreviation,
    42
);
golden!(golden_43_ellipsis_at_end_of_quotation, 43);
golden!(golden_44_ellipsis_with_square_brackets, 44);
golden!(
    golden_45_ellipsis_as_sentence_boundary_standard_ellipsis_rules,
    45
);
golden!(
    golden_46_ellipsis_as_sentence_boundary_non_standard_ellipsis_rules,
    46
);
golden!(golden_47_ellipsis_as_non_sentence_boundary, 47);
golden!(golden_48_4_dot_ellipsis, 48);

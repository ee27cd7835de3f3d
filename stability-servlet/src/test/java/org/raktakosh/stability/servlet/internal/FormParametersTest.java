package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormParametersTest {

  @Test
  void pairsAreDecodedAndKeepTheirOrderAndRepeats() {
    FormParameters form = new FormParameters(100);

    assertThat(form.add("b=1&a=x+y&b=%C3%A9&flag&empty=&=nameless&&", StandardCharsets.UTF_8))
        .isTrue();

    Map<String, String[]> map = form.toMap();
    assertThat(map.keySet()).containsExactly("b", "a", "flag", "empty");
    assertThat(map.get("b")).containsExactly("1", "\u00e9");
    assertThat(map.get("a")).containsExactly("x y");
    assertThat(map.get("flag")).containsExactly("");
    assertThat(map.get("empty")).containsExactly("");
  }

  @Test
  void theBodysCharsetDecidesHowBytesAreRead() {
    FormParameters latin = new FormParameters(10);
    latin.add("name=%E9", StandardCharsets.ISO_8859_1);

    assertThat(latin.toMap().get("name")).containsExactly("\u00e9");
  }

  @Test
  void aPairThatDoesNotDecodeIsSkipped() {
    FormParameters form = new FormParameters(10);

    form.add("bad=%zz&good=1", StandardCharsets.UTF_8);

    assertThat(form.toMap().keySet()).containsExactly("good");
  }

  @Test
  void moreThanTheLimitIsRefusedAcrossCalls() {
    FormParameters form = new FormParameters(3);

    assertThat(form.add("q=1&r=2", StandardCharsets.UTF_8)).isTrue();
    assertThat(form.add("a=1&b=2", StandardCharsets.UTF_8)).isFalse();
    assertThat(form.toMap().keySet()).containsExactly("q", "r", "a");
  }
}

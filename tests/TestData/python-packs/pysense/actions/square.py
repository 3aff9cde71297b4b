from st2common.runners.base_action import Action


class Square(Action):
    def run(self, number):
        return number * number
